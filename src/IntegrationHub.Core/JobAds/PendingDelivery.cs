using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

/// <summary>A queued delivery signal: ad <see cref="AdId"/> has work on a board (the row's ETag guards its acknowledgement).</summary>
public sealed record PendingDelivery(string AdId, string ETag);
