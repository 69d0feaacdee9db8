using System.Diagnostics;

namespace IntegrationHub.Core.Access;

/// <summary>
/// The rounds of one counter write that keeps losing its ETag race to other instances' requests of the same account
/// (ADR 0054). A lost round is not the caller's doing: another request of the account was counted, so the account's
/// requests progress, and this one reads again after a short random pause (so writers that lost together do not read and
/// write in step again), for as long as <see cref="AccessOptions.CounterRaceBudget"/> lasts. Before, the 8th lost round
/// refused the read with 429, and with several instances serving one busy account that happened to reads well under
/// every limit (a round is lost with odds of about (n-1)/n among n writers).
/// </summary>
/// <remarks>
/// Timed by the wall clock, not the guard's <see cref="TimeProvider"/>: the budget bounds real waiting on the store,
/// whatever the hub's business time (a fake one in tests) says.
/// </remarks>
internal sealed class CounterRace(TimeSpan budget)
{
    /// <summary>The longest pause between rounds, in ms: about one round trip to Table storage, enough to leave lockstep.</summary>
    private const int MaxPauseMilliseconds = 8;

    private readonly long _started = Stopwatch.GetTimestamp();
    private int _lost;

    /// <summary>Rounds lost so far.</summary>
    public int Lost => _lost;

    /// <summary>After a lost round: pauses and answers true to try again, or false once the budget is spent.</summary>
    public async Task<bool> LostAsync(CancellationToken cancellationToken)
    {
        _lost++;
        if (Stopwatch.GetElapsedTime(_started) >= budget)
        {
            return false;
        }
        // Growing with the losses, up to the cap: the first retry is nearly immediate, as the 8 rounds before were.
        var pause = Random.Shared.Next(0, Math.Min(MaxPauseMilliseconds, 1 << Math.Min(_lost, 4)) + 1);
        if (pause > 0)
        {
            await Task.Delay(pause, cancellationToken);
        }
        return true;
    }
}
