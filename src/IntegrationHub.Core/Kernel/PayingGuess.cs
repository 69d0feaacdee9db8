using System.Collections.Concurrent;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// A guess that skips a read which usually finds nothing, kept only while it pays (ADR 0063). The write after the guess
/// is conditional (an insert), so a wrong guess is refused atomically and the caller goes the way it went before; a hit
/// saves a request, a miss costs a few. Each instance keeps, per key (a registry), a moving share of misses (about the
/// last 20 guesses count) and guesses while it is under <see cref="MaxMissShare"/>; above it, one call in
/// <see cref="ProbeEvery"/> guesses all the same, so a key whose traffic changes back is noticed.
/// </summary>
/// <param name="name">The guess's name on the metric <c>hub.guesses</c> (its tag "guess").</param>
public abstract class PayingGuess(string name, bool enabled)
{
    /// <summary>Above this share of misses a guess costs more than it saves (a miss costs 2-3 requests, a hit saves 1).</summary>
    public const double MaxMissShare = 0.25;

    /// <summary>While guesses miss too often, one call in this many guesses all the same.</summary>
    public const int ProbeEvery = 32;

    /// <summary>The weight of the latest outcome in the moving share.</summary>
    private const double Weight = 0.05;

    private readonly ConcurrentDictionary<string, Estimate> _keys = new(StringComparer.Ordinal);

    public bool ShouldGuess(string key)
    {
        if (!enabled)
        {
            return false;
        }
        var estimate = _keys.GetOrAdd(key, _ => new Estimate());
        lock (estimate)
        {
            return estimate.MissShare < MaxMissShare || ++estimate.SkippedSinceProbe % ProbeEvery == 0;
        }
    }

    /// <param name="missed">True when the guess was wrong (its conditional write was refused).</param>
    public void Record(string key, bool missed)
    {
        Telemetry.HubMetrics.Guessed(name, key, missed);
        var estimate = _keys.GetOrAdd(key, _ => new Estimate());
        lock (estimate)
        {
            estimate.MissShare += Weight * ((missed ? 1 : 0) - estimate.MissShare);
        }
    }

    /// <summary>The current share of misses for the key (0 before any guess): for tests.</summary>
    public double MissShareOf(string key) => _keys.TryGetValue(key, out var estimate) ? estimate.MissShare : 0;

    private sealed class Estimate
    {
        public double MissShare;
        public long SkippedSinceProbe;
    }
}
