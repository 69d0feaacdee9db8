using IntegrationHub.Core.Access;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Access;

/// <summary>
/// The search index's repair pass (ADR 0045 rule 4): every minute, the rows of writers that died before they finished
/// are verified again or taken out, a narrowing that died before its commit is decided again, the manifest rows of CVs
/// erased or deleted long enough ago go, and one page of the one-time sweep of old manifest rows runs. A timer is a
/// singleton in Azure (the host's blob lease, ADR 0025).
/// </summary>
public sealed class SearchIndexRepairFunction(SearchIndexRepair repair)
{
    [Function("SearchIndexRepair")]
    public async Task Run([TimerTrigger("45 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        await repair.RunOnceAsync(cancellationToken);
}
