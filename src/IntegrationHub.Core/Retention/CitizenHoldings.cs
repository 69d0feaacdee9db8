using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Retention;

/// <summary>What the hub holds of one citizen that the expiry is computed from (all in the citizen's registry).</summary>
/// <param name="CvGoneAt">When the citizen's last CV went (null: the citizen has a CV, or never had one).</param>
/// <param name="OldestIntervalEnd">The end of the oldest ended visibility interval the hub still holds.</param>
/// <param name="OldestRead">The oldest read of the citizen's CVs the access log still holds.</param>
/// <param name="Letters">The breach campaigns that hold the citizen's rows, as holds (Breach answers them; ADR 0037).</param>
public sealed record CitizenHoldings(
    bool HasCv,
    DateTimeOffset? LastActivity,
    DateTimeOffset? CvGoneAt,
    DateTimeOffset? OldestIntervalEnd,
    DateTimeOffset? OldestRead,
    IReadOnlyList<LegalHold> Letters);
