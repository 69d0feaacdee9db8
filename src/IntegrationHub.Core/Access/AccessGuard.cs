using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Access;

/// <summary>
/// Counts the CVs each employer account and user receives, answers "slow down" (429) at the per-minute and per-hour
/// limits, and suspends an account that harvests: reaching past the daily ceiling or the rolling 7- or 30-day ceiling,
/// far above its own baseline, or enumerating ids. A suspension is an incident (with the CVs the account received) and
/// a security alert. Every limit may be set per party (<see cref="AccessOptions.Overrides"/>).
/// </summary>
/// <remarks>
/// The rolling ceilings cost no round trip of their own: the days before today cannot change any more, so their sums
/// are read with one range query of the account's day rows once per account and day (with the baseline, which always
/// read them), begun with the admission's other reads, and kept; today's count is the counter row the admission reads
/// anyway. So the 7- and 30-day sums are exact at every read, not sampled (ADR 0018).
/// </remarks>
public sealed partial class AccessGuard(
    IAccessCounters counters,
    IIncidentStore incidents,
    IOptions<AccessOptions> options,
    TimeProvider clock,
    ILogger<AccessGuard> logger)
{
    private readonly PartyGate _gate = new();
    private readonly ConcurrentDictionary<(string Party, string Day), Task<PriorDays>> _prior = new();
    private string _priorDay = "";

    public static string PartyOf(HubCaller caller) => $"{caller.Kind.ToString().ToLowerInvariant()}:{caller.PartyId}";

    /// <summary>
    /// Starts the reads an admission begins with (the suspension, the account's and the user's counters), so that they
    /// run while the caller finds the CVs it will ask for; pass the result to <see cref="AdmitAsync"/>. A count
    /// committed after these reads is still honoured: the counter's ETag turns a stale read into a retry. A suspension
    /// committed after them applies from the account's next request, as one committed during the count always did.
    /// </summary>
    public AdmissionReads BeginAdmission(HubCaller caller, CancellationToken cancellationToken) =>
        Start(caller, PartyOf(caller), Buckets(clock.GetUtcNow()).Day, withSuspension: true, cancellationToken);

    /// <summary>
    /// Whether the caller's account is suspended, with one point read and nothing counted: for reads that carry no CV
    /// content (a board's feed pages), which a suspended account must still not get until the privacy team lifts it.
    /// </summary>
    public async Task<AccessDecision> SuspensionAsync(HubCaller caller, CancellationToken cancellationToken) =>
        await incidents.SuspensionOfAsync(PartyOf(caller), cancellationToken) is { } incident
            ? new AccessDecision.Suspended(incident)
            : new AccessDecision.Allowed();

    /// <summary>Asks to serve <paramref name="count"/> CVs to <paramref name="caller"/>; counts them when allowed.</summary>
    /// <param name="dailyCeiling">
    /// The party's own daily ceiling (a board's feed grant), instead of the employer default; its rolling ceilings are then
    /// 7 and 30 times it unless the party has its own (<see cref="AccessOptions.LimitsFor"/>).
    /// </param>
    /// <param name="begun">The reads <see cref="BeginAdmission"/> started for the same caller, if any.</param>
    /// <param name="emptySearchRows">
    /// For a search that found nothing: the index rows it read (up to <see cref="EmployerCvService.ScanBudget"/>). It is
    /// charged against the per-minute and per-hour limits by what it read (<see cref="AccessOptions.EmptySearchRowsPerCv"/>);
    /// issue 15: zero-hit searches were free.
    /// </param>
    public async Task<AccessDecision> AdmitAsync(
        HubCaller caller, int count, CancellationToken cancellationToken, int? dailyCeiling = null, AdmissionReads? begun = null, int? emptySearchRows = null)
    {
        var party = PartyOf(caller);
        var empty = count == 0 && emptySearchRows is { } rows ? options.Value.EmptySearchCost(rows) : 0;
        if (count == 0 && empty == 0)
        {
            return await (begun?.Suspension ?? incidents.SuspensionOfAsync(party, cancellationToken)) is { } idle
                ? new AccessDecision.Suspended(idle)
                : new AccessDecision.Allowed();
        }
        var settings = options.Value;
        var limits = settings.LimitsFor(caller.PartyId, dailyCeiling);
        // The account's own requests in this instance take turns (PartyGate), so they do not race each other on its
        // counter rows; the ETag still decides between instances, and a round lost to another instance is retried
        // for the race's budget, not refused (CounterRace, ADR 0054): the ceilings stay exact.
        using var turn = await _gate.EnterAsync(party, cancellationToken);
        // The person's row, once counted, is not counted again when only the account's write lost its race.
        var userCounted = false;
        var race = new CounterRace(settings.CounterRaceBudget);
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var (day, minute, hour) = Buckets(now);
            // The suspension and the counters are read together: one round trip before counting, not three in a row,
            // and none at all here when they were begun early for this day. A suspension found on the first attempt
            // wins; a retry (another request counted first) reads the counters only. Counters read early while another
            // request of the account held its turn are stale (it has just counted), so they are read again.
            var reads = attempt > 1 ? Start(caller, party, day, withSuspension: false, cancellationToken)
                : begun is { } early && early.Day == day ? (turn.Waited ? Fresh(early, caller, party, cancellationToken) : early)
                : Start(caller, party, day, withSuspension: true, cancellationToken);
            await Task.WhenAll(reads.Suspension, reads.Account, reads.User, reads.Prior);
            if (await reads.Suspension is { } suspended)
            {
                return new AccessDecision.Suspended(suspended);
            }
            var account = await reads.Account;
            var user = await reads.User;
            var prior = await reads.Prior;

            var today = account.DayCount + count;
            if (count > 0 && today > limits.AccountDailyCeiling)
            {
                return await SuspendAsync(caller, party, IncidentRules.DailyCeiling,
                    $"Asked for {count} more CV(s) after {account.DayCount} today; the ceiling is {limits.AccountDailyCeiling} a day.", now, cancellationToken);
            }
            // Harvesting spread thinly enough to stay under every daily and hourly limit still adds up over the days.
            if (count > 0 && prior.LastSixDays + today > limits.AccountSevenDayCeiling)
            {
                return await SuspendAsync(caller, party, IncidentRules.Rolling7Day,
                    $"{prior.LastSixDays + today} CVs over the last 7 days (UTC, with today); the ceiling is {limits.AccountSevenDayCeiling}.", now, cancellationToken,
                    windowDays: 7);
            }
            if (count > 0 && prior.LastTwentyNineDays + today > limits.AccountThirtyDayCeiling)
            {
                return await SuspendAsync(caller, party, IncidentRules.Rolling30Day,
                    $"{prior.LastTwentyNineDays + today} CVs over the last 30 days (UTC, with today); the ceiling is {limits.AccountThirtyDayCeiling}.", now, cancellationToken,
                    windowDays: 30);
            }
            var baseline = prior.Baseline;
            if (count > 0 && settings.BaselineFactor > 0 && baseline > 0 && today > Math.Max(settings.BaselineFloor, baseline * settings.BaselineFactor))
            {
                return await SuspendAsync(caller, party, IncidentRules.AboveBaseline,
                    $"{today} CVs today against a daily average of {baseline:F1} over the last {settings.BaselineDays} days.", now, cancellationToken);
            }
            var units = count + empty;
            var userPending = userCounted ? 0 : units;
            if (Over(account.InMinute(minute), units, limits.AccountPerMinute) || (user is not null && Over(user.InMinute(minute), userPending, limits.UserPerMinute)))
            {
                return new AccessDecision.Limited(TimeSpan.FromSeconds(60 - now.Second), "per-minute");
            }
            if (Over(account.InHour(hour), units, limits.AccountPerHour) || (user is not null && Over(user.InHour(hour), userPending, limits.UserPerHour)))
            {
                return new AccessDecision.Limited(TimeSpan.FromSeconds(3600 - (now.Minute * 60) - now.Second), "per-hour");
            }
            // The account's and the person's rows are written together, not one after the other: every employer read has
            // a person now, and a second serial round trip would sit on the search page's path (ADR 0014). Each row is
            // counted once: a lost race retries only the row that lost (the whole admission for the account's, whose
            // limits decide; the person's row alone once the account is counted). Retrying both made one person's
            // concurrent reads on one account lose most rounds (docs/benchmarks.md, after issue 14).
            bool[] written;
            try
            {
                written = await Task.WhenAll(
                    counters.TryWriteAsync(account.Add(minute, hour, count, 0, empty), cancellationToken),
                    user is null || userCounted ? Task.FromResult(true) : counters.TryWriteAsync(user.Add(minute, hour, count, 0, empty), cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store refused the write: the read is not recorded, so it is not allowed.
                LogUnrecorded(logger, party, e.GetType().Name);
                return new AccessDecision.Unrecorded(AccessDecision.Unrecorded.CounterUnavailable);
            }
            userCounted |= user is not null && written[1];
            if (written[0])
            {
                if (user is null || userCounted)
                {
                    return new AccessDecision.Allowed();
                }
                return await CountUserAsync(caller, party, count, empty, cancellationToken) is { } unrecorded ? unrecorded : new AccessDecision.Allowed();
            }
            if (!await race.LostAsync(cancellationToken))
            {
                // Other instances' requests of the account kept winning the counter for the whole budget (ADR 0054).
                return new AccessDecision.Unrecorded(AccessDecision.Unrecorded.CounterBusy);
            }
        }
    }

    /// <summary>Counts a view of a CV the caller may not see or that does not exist; many of them is enumeration.</summary>
    public async Task<AccessDecision> NotFoundAsync(HubCaller caller, CancellationToken cancellationToken)
    {
        var party = PartyOf(caller);
        // The same row as the account's admissions: its turn, as they take it.
        using var turn = await _gate.EnterAsync(party, cancellationToken);
        var race = new CounterRace(options.Value.CounterRaceBudget);
        do
        {
            var now = clock.GetUtcNow();
            var (day, minute, hour) = Buckets(now);
            var account = await counters.ReadAsync(party, day, cancellationToken);
            var limit = options.Value.NotFoundPerHour;
            if (limit > 0 && account.NotFoundInHour(hour) + 1 > limit)
            {
                return await SuspendAsync(caller, party, IncidentRules.Enumeration,
                    $"More than {limit} views of unknown or hidden CVs within an hour.", now, cancellationToken);
            }
            bool recorded;
            try
            {
                recorded = await counters.TryWriteAsync(account.Add(minute, hour, 0, 1), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnrecorded(logger, party, e.GetType().Name);
                return new AccessDecision.Unrecorded(AccessDecision.Unrecorded.CounterUnavailable);
            }
            if (recorded)
            {
                return new AccessDecision.Allowed();
            }
        }
        while (await race.LostAsync(cancellationToken));
        // Issue 15: this allowed the view after 8 lost races, so an enumerator racing itself was never counted.
        return new AccessDecision.Unrecorded(AccessDecision.Unrecorded.CounterBusy);
    }

    private AdmissionReads Start(HubCaller caller, string party, string day, bool withSuspension, CancellationToken cancellationToken) => new(
        day,
        withSuspension ? incidents.SuspensionOfAsync(party, cancellationToken) : Task.FromResult<string?>(null),
        counters.ReadAsync(party, day, cancellationToken),
        caller.UserObjectId is { } oid ? ReadUserAsync(UserKey(party, oid), day, cancellationToken) : Task.FromResult<UsageCounter?>(null),
        PriorAsync(party, day));

    /// <summary>The early reads with the account's and the person's counters read again (the suspension and the days before stand).</summary>
    private AdmissionReads Fresh(AdmissionReads early, HubCaller caller, string party, CancellationToken cancellationToken)
    {
        var fresh = Start(caller, party, early.Day, withSuspension: false, cancellationToken);
        return early with { Account = fresh.Account, User = fresh.User };
    }

    private async Task<UsageCounter?> ReadUserAsync(string key, string day, CancellationToken cancellationToken) =>
        await counters.ReadAsync(key, day, cancellationToken);

    /// <summary>
    /// Counts the person's row alone (the account's is counted already): re-read and write until it wins. Null once
    /// counted; otherwise why not (a race lost for the whole budget, or the store failed), each its own answer.
    /// </summary>
    private async Task<AccessDecision.Unrecorded?> CountUserAsync(HubCaller caller, string party, int count, int empty, CancellationToken cancellationToken)
    {
        var race = new CounterRace(options.Value.CounterRaceBudget);
        do
        {
            var (day, minute, hour) = Buckets(clock.GetUtcNow());
            try
            {
                var user = await counters.ReadAsync(UserKey(party, caller.UserObjectId!), day, cancellationToken);
                if (await counters.TryWriteAsync(user.Add(minute, hour, count, 0, empty), cancellationToken))
                {
                    return null;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnrecorded(logger, party, e.GetType().Name);
                return new AccessDecision.Unrecorded(AccessDecision.Unrecorded.CounterUnavailable);
            }
        }
        while (await race.LostAsync(cancellationToken));
        return new AccessDecision.Unrecorded(AccessDecision.Unrecorded.CounterBusy);
    }

    /// <summary>The counter key of one person reading for <paramref name="party"/>.</summary>
    private static string UserKey(string party, string userObjectId) => $"{party}|user:{userObjectId}";

    private static bool Over(int used, int count, int limit) => limit > 0 && used + count > limit;

    /// <summary>The account's days before <paramref name="day"/>, read once per account and day and shared by its requests.</summary>
    private Task<PriorDays> PriorAsync(string party, string day)
    {
        if (!string.Equals(_priorDay, day, StringComparison.Ordinal))
        {
            // A new day: yesterday's entries are never asked for again.
            _priorDay = day;
            foreach (var stale in _prior.Keys.Where(k => !string.Equals(k.Day, day, StringComparison.Ordinal)))
            {
                _prior.TryRemove(stale, out _);
            }
        }
        var read = _prior.GetOrAdd((party, day), key => ReadPriorAsync(key.Party, key.Day));
        if (read.IsFaulted || read.IsCanceled)
        {
            // A failed read is not kept: the next request reads again.
            var fresh = ReadPriorAsync(party, day);
            _prior.TryUpdate((party, day), fresh, read);
            return fresh;
        }
        return read;
    }

    private async Task<PriorDays> ReadPriorAsync(string party, string day)
    {
        var baselineDays = options.Value.BaselineDays;
        // Not the request's token: the read is shared by every request of the account today.
        var history = await counters.HistoryAsync(party, day, Math.Max(29, baselineDays), CancellationToken.None);
        var date = DateTime.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture);
        string Before(int days) => date.AddDays(-days).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        int SumFrom(string first) => history.Where(h => string.CompareOrdinal(h.Day, first) >= 0).Sum(h => h.Count);
        var baselineRows = history.Where(h => string.CompareOrdinal(h.Day, Before(baselineDays)) >= 0).ToList();
        // Too little history is no baseline: a new account is held by the ceilings and the limits only.
        var baseline = baselineRows.Count >= Math.Min(7, baselineDays) ? baselineRows.Average(h => h.Count) : 0;
        return new PriorDays(SumFrom(Before(6)), SumFrom(Before(29)), baseline);
    }

    /// <param name="windowDays">
    /// For a rolling ceiling: the incident's record reaches back over the whole window the ceiling counted (7 or 30 UTC
    /// days), not only <see cref="AccessOptions.IncidentLookback"/>, so every citizen whose CV the slow harvest took is
    /// in it (and in the breach campaign drafted from it).
    /// </param>
    private async Task<AccessDecision> SuspendAsync(
        HubCaller caller, string party, string rule, string detail, DateTimeOffset now, CancellationToken cancellationToken, int windowDays = 0)
    {
        var from = now - options.Value.IncidentLookback;
        if (windowDays > 0 && new DateTimeOffset(now.UtcDateTime.Date.AddDays(1 - windowDays), TimeSpan.Zero) is var windowStart && windowStart < from)
        {
            from = windowStart;
        }
        var incident = new Incident
        {
            Id = HubIds.NewRandomId(),
            Party = party,
            ClientId = caller.ClientId,
            UserObjectId = caller.UserObjectId,
            UserName = caller.UserName,
            Rule = rule,
            Detail = detail,
            DetectedAt = now,
            WindowFrom = from,
            WindowTo = now,
            Status = IncidentStatus.Suspended,
        };
        var alert = new OutboundEvent(
            HubIds.NewMessageId(),
            "org.integrationhub.security.account-suspended",
            "/access",
            $"incidents/{incident.Id}",
            now,
            OutboundTopics.SecurityAlerts,
            party,
            JsonSerializer.Serialize(new SecurityAlert(incident.Id, party, caller.ClientId, rule, now), AccessJson.Default.SecurityAlert));
        var id = await incidents.SuspendAsync(incident, alert, cancellationToken);
        LogSuspended(logger, party, rule, id);
        if (id == incident.Id)
        {
            Telemetry.HubMetrics.IncidentOpened(); // a new incident, not one already open for the account
        }
        return new AccessDecision.Suspended(id);
    }

    private static (string Day, long Minute, long Hour) Buckets(DateTimeOffset now) =>
        (now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture), now.ToUnixTimeSeconds() / 60, now.ToUnixTimeSeconds() / 3600);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The access counters of {Party} could not record a read ({Error}); refused with 503.")]
    private static partial void LogUnrecorded(ILogger logger, string party, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Party} suspended for harvesting (rule {Rule}); incident {IncidentId}.")]
    private static partial void LogSuspended(ILogger logger, string party, string rule, string incidentId);
}
