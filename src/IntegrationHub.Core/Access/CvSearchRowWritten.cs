namespace IntegrationHub.Core.Access;

/// <summary>One index row a writer wrote, by key, with the ETag the write answered.</summary>
public sealed record CvSearchRowWritten(string Partition, string Row, string ETag);
