namespace IntegrationHub.Core.Cvs;

/// <summary>A change signal left by a commit, waiting to be sent downstream; an upsert carries the CV's facts at that version.</summary>
/// <param name="TraceParent">W3C trace context of the request that committed the change, if it was traced (issue 17).</param>
public sealed record PendingCvChange(string CvId, int Version, string Operation, string ETag, CvFacts? Facts = null, string? CitizenId = null, string? TraceParent = null);
