namespace IntegrationHub.Core.Erasure;

/// <summary>A queued erasure (resumes what a request did not finish). Names the job by its key only: no citizen id in the queue.</summary>
public sealed record ResumeErasure(string Registry, string Key);
