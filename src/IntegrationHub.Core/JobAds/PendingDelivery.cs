using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

/// <summary>
/// A queued delivery signal: ad <see cref="AdId"/> has work on a board (the row's ETag guards its acknowledgement).
/// <see cref="DueAt"/> is set on a deferred signal (a status question held back to the board's pace), null on one due at once.
/// </summary>
public sealed record PendingDelivery(string AdId, string ETag, DateTimeOffset? DueAt = null);
