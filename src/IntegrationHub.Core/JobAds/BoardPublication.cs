using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

/// <param name="AdId">The hub's id of the ad: the board-side key where the board lets the sender choose one.</param>
/// <param name="RequestId">Unique per (ad, rendering): a board that refuses repeated request ids sees the same one on a retry.</param>
public sealed record BoardPublication(string AdId, BoardRendering Rendering, string? BoardReference, string RequestId);
