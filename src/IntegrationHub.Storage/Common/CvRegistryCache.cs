using System.Collections.Concurrent;

namespace IntegrationHub.Storage.Common;

/// <summary>
/// Which registry a CV id belongs to, as this process has seen it (a CV's row read or written, a search hit). A CV id is
/// 128 random bits made by the hub for one registry's CV and never moves (HubIds.NewRandomId), so the fact never goes
/// stale: a CV id known here for one registry has no row in any other, and <see cref="Cvs.TableCvStore"/> answers "not
/// there" for the others without asking. An employer's view names no registry, so without this it reads the CV's row in
/// every registry's partition (issue 18: two of three such reads found nothing). Bounded: emptied when full, which only
/// costs those reads again. Holds ids and registry names, no personal data.
/// </summary>
public sealed class CvRegistryCache
{
    /// <summary>About 10 MB of ids at most.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, string> _registries = new(StringComparer.Ordinal);

    /// <summary>Ids added since the last emptying: <c>ConcurrentDictionary.Count</c> takes every lock of the dictionary.</summary>
    private int _added;

    public void Learn(string cvId, string registry)
    {
        // Every read and write of a CV row lands here; most ids are known already (issue 18's intake profile found the
        // dictionary's Count, asked on every call, contended between requests).
        if (_registries.TryGetValue(cvId, out var known) && string.Equals(known, registry, StringComparison.Ordinal))
        {
            return;
        }
        if (Interlocked.Increment(ref _added) > Capacity)
        {
            _registries.Clear();
            Interlocked.Exchange(ref _added, 1);
        }
        _registries[cvId] = registry;
    }

    /// <summary>True when the CV id is known to belong to another registry than <paramref name="registry"/>.</summary>
    public bool BelongsElsewhere(string cvId, string registry) =>
        _registries.TryGetValue(cvId, out var known) && !string.Equals(known, registry, StringComparison.Ordinal);
}
