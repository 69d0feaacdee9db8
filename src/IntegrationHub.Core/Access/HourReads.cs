namespace IntegrationHub.Core.Access;

/// <summary>One UTC hour of an incident's window: the access-log reads the account made in it and the distinct CVs they were.</summary>
public sealed record HourReads(DateTimeOffset Hour, int Reads, int Cvs);
