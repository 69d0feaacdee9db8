using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// Erases one citizen of one registry in every store that holds their data (GDPR art. 17), or reduces it to what a
/// legal hold needs: an open (suspended) incident keeps the access-log rows of its account and window; a breach
/// campaign whose report to the authority is not filed keeps its audience, ledger and list rows and the access-log
/// rows its selector reaches. The work is a job row plus a queued message: each step is idempotent and recorded when
/// done, so a crash part-way resumes where it stopped (ADR 0022). A tombstone (keyed hash and erasure time) stays, so
/// that late events cannot bring the citizen back.
/// </summary>
public sealed partial class CitizenErasure(
    ICvStore cvs,
    ICvFactsStore facts,
    VisibilityService visibility,
    IVisibilityStateStore states,
    ICitizenEventLedger ledger,
    IAccessLog accessLog,
    IIncidentStore incidents,
    ILegalHolds legalHolds,
    IErasureStore store,
    TombstoneKeys keys,
    IWorkQueue queue,
    ErasureFaults faults,
    TimeProvider clock,
    ILogger<CitizenErasure> logger) : ILegalHoldEnded
{
    public static class Steps
    {
        public const string Tombstone = "tombstone";
        public const string Find = "find";
        public const string Cvs = "cvs";
        public const string Visibility = "visibility";
        public const string Events = "events";
        public const string AccessLog = "access-log";
        public const string Breach = "breach";
        public const string Notify = "notify";

        public static IReadOnlyList<string> All { get; } = [Tombstone, Find, Cvs, Visibility, Events, AccessLog, Breach, Notify];

        /// <summary>The steps that hold rows back: run again while a hold lasts, to let go of what it no longer needs.</summary>
        public static IReadOnlyList<string> Holding { get; } = [AccessLog, Breach];
    }

    /// <summary>
    /// Erases the citizen: starts (or resumes) the job and runs it now. Not found when the hub holds nothing of the
    /// citizen for this registry (no CV, no state, no event, no unfinished erasure).
    /// </summary>
    public Task<ErasureResult> EraseAsync(string registry, string citizenId, string trigger, CancellationToken cancellationToken) =>
        EraseAsync(registry, citizenId, trigger, erasedAt: null, cancellationToken);

    /// <summary>
    /// Runs every step of the citizen's erasure again, as of the erasure the tombstone records: a citizen event request
    /// that wrote beside a running erasure may have written after the steps that remove its rows (ADR 0040). A job still
    /// running (or held) starts again from its first step; a finished one is started anew at the tombstone's time, so the
    /// tombstone does not move and an event newer than the erasure still starts afresh. Not found when nothing is left.
    /// </summary>
    public async Task<ErasureResult> EraseAgainAsync(string registry, string citizenId, string trigger, CancellationToken cancellationToken)
    {
        var key = keys.For(registry, citizenId);
        while (await store.GetJobAsync(registry, key, cancellationToken) is { } job)
        {
            var restarted = job with { Done = [], Holds = [] };
            if (await store.TrySaveJobAsync(restarted, [], cancellationToken))
            {
                // The queued copy that started the job may be spent: a new one finishes the restart should this request die.
                await QueueResumeAsync(registry, key, cancellationToken);
                return await RunAsync(await store.GetJobAsync(registry, key, cancellationToken) ?? restarted, cancellationToken);
            }
            // Its runner moved it on (or finished it) meanwhile: restart it from where it is now.
        }
        return await EraseAsync(registry, citizenId, trigger, await store.ErasedAtAsync(registry, key, cancellationToken), cancellationToken);
    }

    private Task QueueResumeAsync(string registry, string key, CancellationToken cancellationToken) =>
        queue.SendAsync(ErasureQueues.CitizenErasure, JsonSerializer.SerializeToUtf8Bytes(new ResumeErasure(registry, key), ErasureJson.Default.ResumeErasure), cancellationToken);

    private async Task<ErasureResult> EraseAsync(string registry, string citizenId, string trigger, DateTimeOffset? erasedAt, CancellationToken cancellationToken)
    {
        var key = keys.For(registry, citizenId);
        var job = await store.GetJobAsync(registry, key, cancellationToken);
        if (job is null)
        {
            var cvIds = await cvs.CvIdsOfCitizenAsync(registry, citizenId, cancellationToken);
            var state = await states.GetAsync(registry, citizenId, cancellationToken);
            if (cvIds.Count == 0 && state is null && (await ledger.ReadAsync(registry, citizenId, cancellationToken)).Count == 0)
            {
                return ErasureResult.NotFound;
            }
            job = new ErasureJob { Registry = registry, Key = key, CitizenId = citizenId, ErasedAt = erasedAt ?? clock.GetUtcNow(), Trigger = trigger };
            if (!await store.TrySaveJobAsync(job, [], cancellationToken))
            {
                // Another request started the same erasure a moment ago: continue that one.
                job = await store.GetJobAsync(registry, key, cancellationToken) ?? throw new InvalidOperationException("The erasure job vanished while it was created; retry.");
            }
            else
            {
                job = await store.GetJobAsync(registry, key, cancellationToken) ?? job;
            }
            // The queued copy finishes the job should this request die part-way.
            await queue.SendAsync(ErasureQueues.CitizenErasure, JsonSerializer.SerializeToUtf8Bytes(new ResumeErasure(registry, key), ErasureJson.Default.ResumeErasure), cancellationToken);
        }
        return await RunAsync(job, cancellationToken);
    }

    /// <summary>The queued resume: runs the job's remaining steps, if it is still there.</summary>
    public async Task ResumeAsync(ResumeErasure message, CancellationToken cancellationToken)
    {
        if (await store.GetJobAsync(message.Registry, message.Key, cancellationToken) is { } job)
        {
            await RunAsync(job, cancellationToken);
        }
    }

    /// <summary>Queues every job a hold keeps open (a hold has just ended: a report filed, an incident lifted).</summary>
    public async Task ResumeHeldAsync(CancellationToken cancellationToken)
    {
        foreach (var job in await store.HeldJobsAsync(cancellationToken))
        {
            await queue.SendAsync(ErasureQueues.CitizenErasure, JsonSerializer.SerializeToUtf8Bytes(new ResumeErasure(job.Registry, job.Key), ErasureJson.Default.ResumeErasure), cancellationToken);
        }
    }

    private async Task<ErasureResult> RunAsync(ErasureJob job, CancellationToken cancellationToken)
    {
        if (job.Holds.Count > 0)
        {
            // A held job runs its holding steps again: what a hold that has ended kept goes now.
            job = job with { Done = [.. job.Done.Except(Steps.Holding)], Holds = [] };
        }
        foreach (var step in Steps.All)
        {
            if (job.Done.Contains(step))
            {
                continue;
            }
            // The holds a step finds are saved with it: a runner that resumes after this one sees them.
            var holds = new SortedSet<string>(job.Holds, StringComparer.Ordinal);
            var update = await RunStepAsync(job, step, holds, cancellationToken);
            var next = (update ?? job) with { Done = [.. job.Done, step], Holds = [.. holds] };
            var outbound = step == Steps.Notify ? job.CvIds.Select(cv => CvErased.Create(job.Registry, cv, job.ErasedAt)).ToList() : [];
            if (!await store.TrySaveJobAsync(next, outbound, cancellationToken))
            {
                // Someone else (the queued resume, a second request) moved the job on: continue from where it is.
                if (await store.GetJobAsync(job.Registry, job.Key, cancellationToken) is not { } fresh)
                {
                    return new ErasureResult(true, []);
                }
                return await RunAsync(fresh, cancellationToken);
            }
            job = await store.GetJobAsync(job.Registry, job.Key, cancellationToken) ?? next;
            faults.AfterStep(step);
        }
        if (job.Holds.Count == 0)
        {
            await store.DeleteJobAsync(job, cancellationToken);
            LogErased(logger, job.Registry, job.Trigger, job.CvIds.Count);
            return new ErasureResult(true, []);
        }
        LogHeld(logger, job.Registry, job.Holds.Count);
        return new ErasureResult(true, job.Holds);
    }

    /// <summary>Runs one step; answers the job with what the step learned (the CV ids), or null when nothing changed.</summary>
    private async Task<ErasureJob?> RunStepAsync(ErasureJob job, string step, SortedSet<string> holds, CancellationToken cancellationToken)
    {
        var (registry, citizenId) = (job.Registry, job.CitizenId);
        switch (step)
        {
            case Steps.Tombstone:
                await store.RecordTombstoneAsync(registry, job.Key, job.ErasedAt, cancellationToken);
                return null;
            case Steps.Find:
                var found = new SortedSet<string>(job.CvIds, StringComparer.Ordinal);
                found.UnionWith(await cvs.CvIdsOfCitizenAsync(registry, citizenId, cancellationToken));
                if ((await states.GetAsync(registry, citizenId, cancellationToken))?.Cv?.CvId is { } current)
                {
                    found.Add(current);
                }
                return job with { CvIds = [.. found] };
            case Steps.Cvs:
                foreach (var cvId in job.CvIds)
                {
                    // The CV, then its facts, then the search rows and the boards' listing, in this order: a decision
                    // written beside the erasure checks the CV (before it creates a state) and the facts (after it
                    // writes search rows or a listing), so whatever it wrote is either seen by it as orphaned and
                    // removed, or removed here after it. Readers check the CV and the decision in force, so the CV is
                    // served by none of them from the first delete on.
                    await cvs.EraseCvAsync(registry, cvId, cancellationToken);
                    await facts.DeleteAsync(registry, [cvId], cancellationToken);
                    await visibility.ForgetCvAsync(registry, cvId, cancellationToken);
                }
                return null;
            case Steps.Visibility:
                await states.EraseCitizenAsync(registry, citizenId, cancellationToken);
                return null;
            case Steps.Events:
                await ledger.EraseCitizenAsync(registry, citizenId, cancellationToken);
                return null;
            case Steps.AccessLog:
                await EraseAccessLogAsync(job, holds, cancellationToken);
                return null;
            case Steps.Breach:
                await EraseBreachRowsAsync(job, holds, cancellationToken);
                return null;
            case Steps.Notify:
                return null;
            default:
                throw new InvalidOperationException($"Unknown erasure step '{step}'.");
        }
    }

    private async Task EraseAccessLogAsync(ErasureJob job, SortedSet<string> holds, CancellationToken cancellationToken)
    {
        if (job.CvIds.Count == 0)
        {
            return;
        }
        // What keeps a read: the window of an account's open incident, or an unreported campaign's access-log selector.
        var keepers = new List<HeldReads>();
        foreach (var incident in await incidents.ListAsync(cancellationToken))
        {
            if (incident.Status == IncidentStatus.Suspended)
            {
                keepers.Add(new HeldReads("incident:" + incident.Id, incident.Party, incident.WindowFrom, incident.WindowTo));
            }
        }
        keepers.AddRange(await legalHolds.HeldReadsAsync(cancellationToken));
        foreach (var cvId in job.CvIds)
        {
            var kept = await accessLog.EraseCvAsync(job.Registry, cvId, entry => keepers.Any(k => k.Keeps(entry.Party, entry.At)), cancellationToken);
            foreach (var entry in kept)
            {
                holds.UnionWith(keepers.Where(k => k.Keeps(entry.Party, entry.At)).Select(k => k.Hold));
            }
        }
    }

    /// <summary>The breach campaigns' rows of the citizen: Breach erases those no hold keeps and names the holds that keep the rest.</summary>
    private async Task EraseBreachRowsAsync(ErasureJob job, SortedSet<string> holds, CancellationToken cancellationToken) =>
        holds.UnionWith(await legalHolds.EraseCitizenExceptHeldAsync(job.Registry, job.CitizenId, cancellationToken));

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure in registry {Registry} ({Trigger}) complete: {CvCount} CV(s)")]
    private static partial void LogErased(ILogger logger, string registry, string trigger, int cvCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure in registry {Registry}: erased except what {HoldCount} legal hold(s) keep")]
    private static partial void LogHeld(ILogger logger, string registry, int holdCount);

    Task ILegalHoldEnded.HoldEndedAsync(CancellationToken cancellationToken) => ResumeHeldAsync(cancellationToken);
}
