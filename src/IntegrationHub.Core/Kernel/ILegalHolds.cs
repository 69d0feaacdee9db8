namespace IntegrationHub.Core.Kernel;

/// <summary>
/// The legal holds a breach campaign places on a citizen's rows until its report to the authority is filed (GDPR art.
/// 33; ADR 0022, ADR 0037). Erasure and Retention read the holds through this port and Breach answers it, so nothing
/// below Breach names Breach's types; <see cref="ILegalHoldEnded"/> is the signal the other way.
/// </summary>
public interface ILegalHolds
{
    /// <summary>The holds on what an account read: each unreported campaign that selects by an account's reads, with its window.</summary>
    Task<IReadOnlyList<HeldReads>> HeldReadsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Erasure of the citizen's rows in the campaigns (audience, uploaded list, delivery ledger): removes those of every
    /// campaign whose hold has ended, keeps the rest, and answers the names of the holds that keep rows. Idempotent.
    /// </summary>
    Task<IReadOnlyList<string>> EraseCitizenExceptHeldAsync(string registry, string citizenId, CancellationToken cancellationToken);

    /// <summary>
    /// Every campaign as a hold over its citizens' rows, <see cref="LegalHold.EndedAt"/> null while it lasts: one read of
    /// the campaigns, which the retention purge makes once per pass.
    /// </summary>
    Task<IReadOnlyList<LegalHold>> HoldsAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("This answer lists no holds.");

    /// <summary>Whether the hold's campaign names the citizen (in a dry run's audience or its uploaded list).</summary>
    Task<bool> NamesCitizenAsync(LegalHold hold, string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This answer lists no holds.");
}
