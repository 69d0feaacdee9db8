using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Cvs;

/// <summary>How committed CV changes flow downstream. Section "Hub:CvPipeline".</summary>
public sealed class CvPipelineOptions
{
    public const string Section = "Hub:CvPipeline";

    /// <summary>Changes carried by one queue message.</summary>
    [Range(1, 500)]
    public int PageSize { get; set; } = 250;

    /// <summary>The pump stops sending while this many messages wait (Azurite slows badly with large backlogs).</summary>
    [Range(1, 10_000)]
    public int MaxBacklog { get; set; } = 200;
}
