namespace IntegrationHub.Core.Retention;

/// <summary>
/// The retention purge's port to the rows a breach campaign keeps about citizens (its delivery ledger, audience and
/// uploaded list), to delete them once the campaign's hold has ended. Retention asks and Breach answers (its ledger
/// store, registered in <c>AddBreachStorage</c>): the port belongs to the one who asks, since Breach sits above
/// Retention and nothing may use it (ADR 0027, ADR 0037). Before it, the purge held Breach's concrete Storage class.
/// </summary>
public interface IBreachLedgerRetention
{
    /// <summary>Whether the campaign's citizen rows are already gone (the purge marked it done).</summary>
    Task<bool> IsPurgedAsync(string campaignId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the campaign's rows that name a citizen in 100-row, one-partition transactions, at most
    /// <paramref name="maxBatches"/>; marks the campaign purged when nothing is left (<c>Done</c>).
    /// </summary>
    Task<(long Rows, int Batches, bool Done)> PurgeCitizenRowsAsync(string campaignId, int maxBatches, CancellationToken cancellationToken);
}
