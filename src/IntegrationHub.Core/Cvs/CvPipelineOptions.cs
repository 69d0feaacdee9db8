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

    /// <summary>
    /// The longest gap between two looks for changes while none come (0: look on every tick). A commit in this process
    /// wakes the pump at once; one on another instance waits at most this long (ADR 0012).
    /// </summary>
    [Range(0, 300)]
    public int IdleCeilingSeconds { get; set; } = 10;

    /// <summary>
    /// Changes of one cv-changes page decided at once. The pump sends a tick's changes as a few full pages together, so
    /// pages x this many decisions reach storage in a burst beside the intake's own requests (issue 18: intake's p99
    /// while downstream runs); lower spreads the burst, higher drains a backlog sooner.
    /// </summary>
    [Range(1, 64)]
    public int HandlerParallelism { get; set; } = 8;

    /// <summary>
    /// Intake commits a CV without a version claim as new without reading its external id first, and a CV's first version
    /// is decided without reading the citizen's state first, each while it keeps paying off for the registry
    /// (<see cref="NewCvGuess"/>, <c>FirstDecisionGuess</c>, ADR 0063). Off: both read first.
    /// </summary>
    public bool GuessNewCvs { get; set; } = true;
}
