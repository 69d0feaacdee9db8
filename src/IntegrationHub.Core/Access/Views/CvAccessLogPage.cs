namespace IntegrationHub.Core.Access;

/// <summary>
/// GET /api/cvs/{cvId}/access-log: the reads of one CV in a window, oldest first. <see cref="Next"/>, when set, is the
/// <c>from</c> of the next call: the window was cut at <see cref="CvAccessLogQuery.MaxWindowMonths"/> months.
/// </summary>
public sealed record CvAccessLogPage(string CvId, DateTimeOffset From, DateTimeOffset To, DateTimeOffset? Next, IReadOnlyList<CvAccessLogLine> Entries);
