using System.Collections.Concurrent;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// Whether intake commits a CV as new without first reading its external id (ADR 0063). A registry's first load is
/// almost all new CVs, and for each of them the read only finds nothing; a nightly full resend is almost all CVs the hub
/// holds, and for each of them a guess costs three requests more than the read would have (the wasted upload, the
/// refused transaction, the upload's delete). So each instance keeps, per registry, a moving share of the guesses that met
/// an existing CV, and guesses while that share stays under <see cref="MaxMissShare"/>; above it, one request in
/// <see cref="ProbeEvery"/> still guesses, so a registry that turns to new CVs is noticed. A request that names a version
/// (If-Match, or a version in the document) expects a stored CV and is never guessed.
/// </summary>
public sealed class NewCvGuess(bool enabled = true)
{
    /// <summary>Above this share of misses a guess costs more than it saves: a hit saves one request, a miss costs three.</summary>
    public const double MaxMissShare = 0.25;

    /// <summary>While guesses miss too often, one request in this many guesses all the same.</summary>
    public const int ProbeEvery = 32;

    /// <summary>The weight of the latest outcome in the moving share: about the last 20 guesses count.</summary>
    private const double Weight = 0.05;

    private readonly ConcurrentDictionary<string, Estimate> _registries = new(StringComparer.Ordinal);

    public bool ShouldGuess(string registry)
    {
        if (!enabled)
        {
            return false;
        }
        var estimate = _registries.GetOrAdd(registry, _ => new Estimate());
        lock (estimate)
        {
            if (estimate.MissShare < MaxMissShare)
            {
                return true;
            }
            return ++estimate.SkippedSinceProbe % ProbeEvery == 0;
        }
    }

    /// <param name="metExisting">True when the guess met a stored CV (its transaction was refused).</param>
    public void Record(string registry, bool metExisting)
    {
        var estimate = _registries.GetOrAdd(registry, _ => new Estimate());
        lock (estimate)
        {
            estimate.MissShare += Weight * ((metExisting ? 1 : 0) - estimate.MissShare);
        }
    }

    /// <summary>The current share of misses for the registry (0 before any guess): for tests and telemetry.</summary>
    public double MissShareOf(string registry) => _registries.TryGetValue(registry, out var estimate) ? estimate.MissShare : 0;

    private sealed class Estimate
    {
        public double MissShare;
        public long SkippedSinceProbe;
    }
}
