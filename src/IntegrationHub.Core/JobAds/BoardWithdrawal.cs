using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

public sealed record BoardWithdrawal(string AdId, string? BoardReference, string RequestId);
