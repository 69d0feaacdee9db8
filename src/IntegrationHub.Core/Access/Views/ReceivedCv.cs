namespace IntegrationHub.Core.Access;

/// <summary>One CV the suspended account received in the incident's window: how often, how (the access kinds), first and last time.</summary>
public sealed record ReceivedCv(string Registry, string CvId, int Times, IReadOnlyList<string> Kinds, DateTimeOffset First, DateTimeOffset Last);
