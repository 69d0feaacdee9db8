using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Hub;
using IntegrationHub.Core.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Access;

/// <summary>One counter row: a party's (or one of its users') CVs received on one UTC day, with minute and hour buckets.</summary>
public sealed record UsageCounter(string Key, string Day, long Minute, int MinuteCount, long Hour, int HourCount, int DayCount, long NotFoundHour, int NotFoundCount, string? ETag)
{
    public static UsageCounter Empty(string key, string day) => new(key, day, 0, 0, 0, 0, 0, 0, 0, null);

    public int InMinute(long minute) => Minute == minute ? MinuteCount : 0;

    public int InHour(long hour) => Hour == hour ? HourCount : 0;

    public int NotFoundInHour(long hour) => NotFoundHour == hour ? NotFoundCount : 0;

    public UsageCounter Add(long minute, long hour, int served, int notFound) => this with
    {
        Minute = minute,
        MinuteCount = InMinute(minute) + served,
        Hour = hour,
        HourCount = InHour(hour) + served,
        DayCount = DayCount + served,
        NotFoundHour = hour,
        NotFoundCount = NotFoundInHour(hour) + notFound,
    };
}

public interface IAccessCounters
{
    Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken);

    /// <summary>Writes the counter if its ETag is still current; false when another request counted first.</summary>
    Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken);

    /// <summary>The day totals of <paramref name="key"/> for the days before <paramref name="day"/> (up to <paramref name="days"/>).</summary>
    Task<IReadOnlyList<int>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken);
}

/// <summary>The outcome of asking to serve CVs.</summary>
public abstract record AccessDecision
{
    public sealed record Allowed : AccessDecision;

    public sealed record Limited(TimeSpan RetryAfter, string Limit) : AccessDecision;

    public sealed record Suspended(string IncidentId) : AccessDecision;
}

/// <summary>
/// Counts the CVs each employer account and user receives, answers "slow down" (429) at the per-minute and per-hour
/// limits, and suspends an account that harvests: reaching past the daily ceiling, far above its own baseline, or
/// enumerating ids. A suspension is an incident (with the CVs the account received) and a security alert.
/// </summary>
public sealed partial class AccessGuard(
    IAccessCounters counters,
    IIncidentStore incidents,
    IOptions<AccessOptions> options,
    TimeProvider clock,
    ILogger<AccessGuard> logger)
{
    private const int MaxAttempts = 8;
    private readonly ConcurrentDictionary<(string Party, string Day), double> _baselines = new();

    public static string PartyOf(HubCaller caller) => $"{caller.Kind.ToString().ToLowerInvariant()}:{caller.PartyId}";

    /// <summary>
    /// Starts the reads an admission begins with (the suspension, the account's and the user's counters), so that they
    /// run while the caller finds the CVs it will ask for; pass the result to <see cref="AdmitAsync"/>. A count
    /// committed after these reads is still honoured: the counter's ETag turns a stale read into a retry. A suspension
    /// committed after them applies from the account's next request, as one committed during the count always did.
    /// </summary>
    public AdmissionReads BeginAdmission(HubCaller caller, CancellationToken cancellationToken) =>
        Start(caller, PartyOf(caller), Buckets(clock.GetUtcNow()).Day, withSuspension: true, cancellationToken);

    /// <summary>Asks to serve <paramref name="count"/> CVs to <paramref name="caller"/>; counts them when allowed.</summary>
    /// <param name="dailyCeiling">The party's own ceiling (a board's feed grant), instead of the employer default.</param>
    /// <param name="begun">The reads <see cref="BeginAdmission"/> started for the same caller, if any.</param>
    public async Task<AccessDecision> AdmitAsync(HubCaller caller, int count, CancellationToken cancellationToken, int? dailyCeiling = null, AdmissionReads? begun = null)
    {
        var party = PartyOf(caller);
        if (count == 0)
        {
            return await (begun?.Suspension ?? incidents.SuspensionOfAsync(party, cancellationToken)) is { } idle
                ? new AccessDecision.Suspended(idle)
                : new AccessDecision.Allowed();
        }
        var limits = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var (day, minute, hour) = Buckets(now);
            // The suspension and the counters are read together: one round trip before counting, not three in a row,
            // and none at all here when they were begun early for this day. A suspension found on the first attempt
            // wins; a retry (another request counted first) reads the counters only.
            var reads = attempt > 1 ? Start(caller, party, day, withSuspension: false, cancellationToken)
                : begun is { } early && early.Day == day ? early
                : Start(caller, party, day, withSuspension: true, cancellationToken);
            await Task.WhenAll(reads.Suspension, reads.Account, reads.User);
            if (await reads.Suspension is { } suspended)
            {
                return new AccessDecision.Suspended(suspended);
            }
            var account = await reads.Account;
            var user = await reads.User;

            var ceiling = dailyCeiling ?? limits.AccountDailyCeiling;
            if (account.DayCount + count > ceiling)
            {
                return await SuspendAsync(caller, party, "daily-ceiling",
                    $"Asked for {count} more CV(s) after {account.DayCount} today; the ceiling is {ceiling} a day.", now, cancellationToken);
            }
            var baseline = await BaselineAsync(party, day, cancellationToken);
            if (limits.BaselineFactor > 0 && baseline > 0 && account.DayCount + count > Math.Max(limits.BaselineFloor, baseline * limits.BaselineFactor))
            {
                return await SuspendAsync(caller, party, "above-baseline",
                    $"{account.DayCount + count} CVs today against a daily average of {baseline:F1} over the last {limits.BaselineDays} days.", now, cancellationToken);
            }
            if (Over(account.InMinute(minute), count, limits.AccountPerMinute) || (user is not null && Over(user.InMinute(minute), count, limits.UserPerMinute)))
            {
                return new AccessDecision.Limited(TimeSpan.FromSeconds(60 - now.Second), "per-minute");
            }
            if (Over(account.InHour(hour), count, limits.AccountPerHour) || (user is not null && Over(user.InHour(hour), count, limits.UserPerHour)))
            {
                return new AccessDecision.Limited(TimeSpan.FromSeconds(3600 - (now.Minute * 60) - now.Second), "per-hour");
            }
            if (await counters.TryWriteAsync(account.Add(minute, hour, count, 0), cancellationToken)
                && (user is null || await counters.TryWriteAsync(user.Add(minute, hour, count, 0), cancellationToken)))
            {
                return new AccessDecision.Allowed();
            }
            if (attempt == MaxAttempts)
            {
                // The account's own concurrent requests keep winning the counter: that is a burst, so slow it down.
                return new AccessDecision.Limited(TimeSpan.FromSeconds(1), "concurrency");
            }
        }
    }

    /// <summary>Counts a view of a CV the caller may not see or that does not exist; many of them is enumeration.</summary>
    public async Task<AccessDecision> NotFoundAsync(HubCaller caller, CancellationToken cancellationToken)
    {
        var party = PartyOf(caller);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var now = clock.GetUtcNow();
            var (day, minute, hour) = Buckets(now);
            var account = await counters.ReadAsync(party, day, cancellationToken);
            var limit = options.Value.NotFoundPerHour;
            if (limit > 0 && account.NotFoundInHour(hour) + 1 > limit)
            {
                return await SuspendAsync(caller, party, "enumeration",
                    $"More than {limit} views of unknown or hidden CVs within an hour.", now, cancellationToken);
            }
            if (await counters.TryWriteAsync(account.Add(minute, hour, 0, 1), cancellationToken))
            {
                return new AccessDecision.Allowed();
            }
        }
        return new AccessDecision.Allowed();
    }

    private AdmissionReads Start(HubCaller caller, string party, string day, bool withSuspension, CancellationToken cancellationToken) => new(
        day,
        withSuspension ? incidents.SuspensionOfAsync(party, cancellationToken) : Task.FromResult<string?>(null),
        counters.ReadAsync(party, day, cancellationToken),
        caller.UserObjectId is { } oid ? ReadUserAsync($"{party}|user:{oid}", day, cancellationToken) : Task.FromResult<UsageCounter?>(null));

    private async Task<UsageCounter?> ReadUserAsync(string key, string day, CancellationToken cancellationToken) =>
        await counters.ReadAsync(key, day, cancellationToken);

    private static bool Over(int used, int count, int limit) => limit > 0 && used + count > limit;

    private async Task<double> BaselineAsync(string party, string day, CancellationToken cancellationToken)
    {
        if (_baselines.TryGetValue((party, day), out var cached))
        {
            return cached;
        }
        var history = await counters.HistoryAsync(party, day, options.Value.BaselineDays, cancellationToken);
        // Too little history is no baseline: a new account is held by the ceiling and the limits only.
        var baseline = history.Count >= Math.Min(7, options.Value.BaselineDays) ? history.Average() : 0;
        _baselines[(party, day)] = baseline;
        return baseline;
    }

    private async Task<AccessDecision> SuspendAsync(HubCaller caller, string party, string rule, string detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var incident = new Incident
        {
            Id = HubIds.NewRandomId(),
            Party = party,
            ClientId = caller.ClientId,
            UserObjectId = caller.UserObjectId,
            Rule = rule,
            Detail = detail,
            DetectedAt = now,
            WindowFrom = now - options.Value.IncidentLookback,
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
            JsonSerializer.Serialize(new SecurityAlert(incident.Id, party, caller.ClientId, rule, now), HubJson.Default.SecurityAlert));
        var id = await incidents.SuspendAsync(incident, alert, cancellationToken);
        LogSuspended(logger, party, rule, id);
        return new AccessDecision.Suspended(id);
    }

    private static (string Day, long Minute, long Hour) Buckets(DateTimeOffset now) =>
        (now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture), now.ToUnixTimeSeconds() / 60, now.ToUnixTimeSeconds() / 3600);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Party} suspended for harvesting (rule {Rule}); incident {IncidentId}.")]
    private static partial void LogSuspended(ILogger logger, string party, string rule, string incidentId);
}

/// <summary>The reads an admission begins with, started by <see cref="AccessGuard.BeginAdmission"/> for one caller and UTC day.</summary>
public sealed record AdmissionReads(string Day, Task<string?> Suspension, Task<UsageCounter> Account, Task<UsageCounter?> User);

/// <summary>The data of the "account suspended" security alert: ids and the rule, no personal data.</summary>
public sealed record SecurityAlert(string IncidentId, string Party, string ClientId, string Rule, DateTimeOffset DetectedAt);
