using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>The boards the hub publishes to, by id.</summary>
public static class BoardIds
{
    public const string Nav = "nav";
    public const string Jobnet = "jobnet";
    public const string Finn = "finn";
    public const string Eures = "eures";

    public static IReadOnlyList<string> All { get; } = [Nav, Jobnet, Finn, Eures];

    /// <summary>The boards the hub pushes to through a queue each. EURES is not one: it pulls (ADR 0016).</summary>
    public static IReadOnlyList<string> Pushed { get; } = [Nav, Jobnet, Finn];
}
