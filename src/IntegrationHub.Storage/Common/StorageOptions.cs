using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Storage.Common;

/// <summary>Section "Hub:Storage".</summary>
public sealed class StorageOptions
{
    public const string Section = "Hub:Storage";

    /// <summary>
    /// Prefix for every table, container and queue name. Empty in Azure (the names the infrastructure creates);
    /// tests set one so that each test class gets its own resources on a shared Azurite.
    /// </summary>
    [RegularExpression("^[a-z0-9]{0,12}$", ErrorMessage = "Hub:Storage:NamePrefix must be 0-12 lower-case letters or digits.")]
    public string NamePrefix { get; set; } = "";

    /// <summary>Create missing tables, containers and queues at start (on for local runs; Bicep creates them in Azure).</summary>
    public bool CreateResources { get; set; } = true;

    /// <summary>Count every storage request per service and call (issue 18; benchmarks and tests). Off in production: docs/capacity.md.</summary>
    public bool CountRequests { get; set; }
}
