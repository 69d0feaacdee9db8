using System.Collections.Concurrent;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// The campaigns' letters, parsed, per campaign and run, in the process: a page renders from them without querying the
/// campaign's letter rows (ADR 0058; on Azurite a query costs a scan of the whole Breaches table). They cannot go stale:
/// the letters are stored with the campaign when it is created and never written again, the campaign's fields the
/// templates use (title, window, data categories, texts per language, fallback language) come from the draft and no
/// action changes them, and a campaign's run is fixed from approval on (a dry run happens only in draft). Keyed on the
/// run as well, so anything counted again reads again. Bounded: at more than <see cref="Capacity"/> campaigns running at
/// once through one process it starts over, which costs a read per campaign, not a wrong letter.
/// </summary>
public sealed class BreachLetterCache
{
    public const int Capacity = 32;

    private readonly ConcurrentDictionary<(string CampaignId, string RunId), Lazy<Task<BreachLetterTemplates>>> _templates = new();

    public async Task<BreachLetterTemplates> GetAsync(BreachCampaign campaign, string runId, IBreachStore store, CancellationToken cancellationToken)
    {
        var key = (campaign.Id, runId);
        if (!_templates.TryGetValue(key, out var entry))
        {
            if (_templates.Count >= Capacity)
            {
                _templates.Clear();
            }
            // One read for the pages that start together: the first page's read serves them all. Not cancelled with one
            // page (the others wait on it); a read that failed is dropped, so the next page reads again.
            entry = _templates.GetOrAdd(key, _ => new Lazy<Task<BreachLetterTemplates>>(async () =>
                BreachLetterTemplates.For(campaign, await store.LettersAsync(campaign.Id, CancellationToken.None))));
        }
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            _templates.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }
}
