using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.Access;

public sealed class AccessGuardTests
{
    private sealed class Counters : IAccessCounters
    {
        private readonly Dictionary<(string, string), UsageCounter> _rows = [];
        private int _etag;

        public Dictionary<string, int> History { get; } = [];

        public Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken) =>
            Task.FromResult(_rows.GetValueOrDefault((key, day)) ?? UsageCounter.Empty(key, day));

        public Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken)
        {
            if (_rows.GetValueOrDefault((counter.Key, counter.Day))?.ETag != counter.ETag)
            {
                return Task.FromResult(false);
            }
            _rows[(counter.Key, counter.Day)] = counter with { ETag = (++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return Task.FromResult(true);
        }

        public int HistoryReads { get; private set; }

        /// <summary>As the table answers: the key's day rows in [day - days, day), here with <see cref="History"/> as older rows.</summary>
        public Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken)
        {
            HistoryReads++;
            var first = DateTime.ParseExact(day, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture).AddDays(-days)
                .ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
            var rows = _rows.Where(r => r.Key.Item1 == key).Select(r => new DayTotal(r.Key.Item2, r.Value.DayCount))
                .Concat(History.Select(h => new DayTotal(h.Key, h.Value)))
                .Where(t => string.CompareOrdinal(t.Day, first) >= 0 && string.CompareOrdinal(t.Day, day) < 0);
            return Task.FromResult<IReadOnlyList<DayTotal>>([.. rows]);
        }
    }

    private sealed class AlwaysContended : IAccessCounters
    {
        public Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken) => Task.FromResult(UsageCounter.Empty(key, day));

        public Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DayTotal>>([]);
    }

    /// <summary>
    /// The account's first <paramref name="times"/> writes lose their race, as to other instances' requests of the account
    /// each counted in between (the row's day count grows by one each time); all else as <see cref="Counters"/>.
    /// </summary>
    private sealed class AccountRacesLost(Counters inner, string accountKey, int times) : IAccessCounters
    {
        public int Lost { get; private set; }

        public Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken) => inner.ReadAsync(key, day, cancellationToken);

        public async Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken)
        {
            if (counter.Key == accountKey && Lost < times)
            {
                Lost++;
                // Another instance's view of the account wins the round.
                var current = await inner.ReadAsync(counter.Key, counter.Day, cancellationToken);
                await inner.TryWriteAsync(current.Add(counter.Minute, counter.Hour, 1, 0), cancellationToken);
                return false;
            }
            return await inner.TryWriteAsync(counter, cancellationToken);
        }

        public Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken) =>
            inner.HistoryAsync(key, day, days, cancellationToken);
    }

    /// <summary>The account's first write loses its race (another request wrote the row first); all else as <see cref="Counters"/>.</summary>
    private sealed class AccountRaceLostOnce(Counters inner, string accountKey) : IAccessCounters
    {
        private bool _lost;

        public Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken) => inner.ReadAsync(key, day, cancellationToken);

        public Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken)
        {
            if (counter.Key == accountKey && !_lost)
            {
                _lost = true;
                return Task.FromResult(false);
            }
            return inner.TryWriteAsync(counter, cancellationToken);
        }

        public Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken) =>
            inner.HistoryAsync(key, day, days, cancellationToken);
    }

    /// <summary>
    /// <see cref="Counters"/> as a store over the network: every read and write yields (a round trip), so concurrent
    /// requests read the same ETag and all but one of their writes lose, as on Table storage.
    /// </summary>
    private sealed class RoundTrips(Counters inner) : IAccessCounters
    {
        private readonly Lock _lock = new();

        public async Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken);
            lock (_lock)
            {
                return inner.ReadAsync(key, day, cancellationToken).Result;
            }
        }

        public async Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken);
            lock (_lock)
            {
                return inner.TryWriteAsync(counter, cancellationToken).Result;
            }
        }

        public Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                return Task.FromResult(inner.HistoryAsync(key, day, days, cancellationToken).Result);
            }
        }
    }

    /// <summary>
    /// The account's row counts as <see cref="Counters"/>; the person's row loses every race or, with
    /// <paramref name="failAfterFirst"/>, loses the first (the joint write) and then the store fails.
    /// </summary>
    private sealed class PersonRowNotWritten(Counters inner, string accountKey, bool failAfterFirst) : IAccessCounters
    {
        private int _personWrites;

        public Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken) => inner.ReadAsync(key, day, cancellationToken);

        public Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken) =>
            counter.Key == accountKey ? inner.TryWriteAsync(counter, cancellationToken)
            : ++_personWrites > 1 && failAfterFirst ? throw new IOException("store unavailable")
            : Task.FromResult(false);

        public Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken) =>
            inner.HistoryAsync(key, day, days, cancellationToken);
    }

    /// <summary>A store that fails every write (a fault, not a lost race): the write throws.</summary>
    private sealed class FailingWrites : IAccessCounters
    {
        public Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken) => Task.FromResult(UsageCounter.Empty(key, day));

        public Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken) => throw new IOException("store unavailable");

        public Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DayTotal>>([]);
    }

    private sealed class Incidents : IIncidentStore
    {
        public List<(Incident Incident, OutboundEvent Alert)> Suspensions { get; } = [];

        public Task<string?> SuspensionOfAsync(string party, CancellationToken cancellationToken) =>
            Task.FromResult(Suspensions.FirstOrDefault(s => s.Incident.Party == party).Incident?.Id);

        public Task<string> SuspendAsync(Incident incident, OutboundEvent alert, CancellationToken cancellationToken)
        {
            Suspensions.Add((incident, alert));
            return Task.FromResult(incident.Id);
        }

        public Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryLiftAsync(Incident lifted, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static readonly HubCaller Employer = new("client-1", PartyKind.Employer, "acme", new HashSet<string> { HubRoles.CvRead }, "user-1", "t");
    private readonly Counters _counters = new();
    private readonly Incidents _incidents = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 5, TimeSpan.Zero));

    private AccessGuard Guard(AccessOptions options) => new(_counters, _incidents, Options.Create(options), _clock, NullLogger<AccessGuard>.Instance);

    [Fact]
    public async Task Admit_PastThePerMinuteLimit_IsLimitedUntilTheNextMinute_AndTheNextMinuteIsAllowed()
    {
        var guard = Guard(new AccessOptions { AccountPerMinute = 10, AccountPerHour = 0, UserPerMinute = 0, UserPerHour = 0 });

        var first = await guard.AdmitAsync(Employer, 10, CancellationToken.None);
        var second = await guard.AdmitAsync(Employer, 1, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var third = await guard.AdmitAsync(Employer, 1, CancellationToken.None);

        Assert.IsType<AccessDecision.Allowed>(first);
        var limited = Assert.IsType<AccessDecision.Limited>(second);
        Assert.Equal(TimeSpan.FromSeconds(55), limited.RetryAfter);
        Assert.IsType<AccessDecision.Allowed>(third);
        Assert.Empty(_incidents.Suspensions);
    }

    [Fact]
    public async Task Admit_PerUserLimit_HoldsOneUserWithoutTheWholeAccount()
    {
        var guard = Guard(new AccessOptions { AccountPerMinute = 0, AccountPerHour = 0, UserPerMinute = 5, UserPerHour = 0 });
        var colleague = Employer with { UserObjectId = "user-2" };

        await guard.AdmitAsync(Employer, 5, CancellationToken.None);

        Assert.IsType<AccessDecision.Limited>(await guard.AdmitAsync(Employer, 1, CancellationToken.None));
        Assert.IsType<AccessDecision.Allowed>(await guard.AdmitAsync(colleague, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Admit_PastTheDailyCeiling_SuspendsWithAnIncidentAndAnAlertWithoutPersonalData()
    {
        var guard = Guard(new AccessOptions { AccountPerMinute = 0, AccountPerHour = 0, UserPerMinute = 0, UserPerHour = 0, AccountDailyCeiling = 100 });

        Assert.IsType<AccessDecision.Allowed>(await guard.AdmitAsync(Employer, 100, CancellationToken.None));
        var refused = await guard.AdmitAsync(Employer, 1, CancellationToken.None);
        var after = await guard.AdmitAsync(Employer, 0, CancellationToken.None);

        var suspended = Assert.IsType<AccessDecision.Suspended>(refused);
        Assert.Equal(suspended, after);
        var (incident, alert) = Assert.Single(_incidents.Suspensions);
        Assert.Equal(("employer:acme", "daily-ceiling"), (incident.Party, incident.Rule));
        Assert.Equal(OutboundTopics.SecurityAlerts, alert.Topic);
        Assert.DoesNotContain("user-1", alert.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admit_FarAboveTheAccountsOwnBaseline_Suspends_ButNotBelowTheFloor()
    {
        for (var day = 10; day < 24; day++)
        {
            _counters.History[$"202611{day}"] = 20;
        }
        var guard = Guard(new AccessOptions { AccountPerMinute = 0, AccountPerHour = 0, UserPerMinute = 0, UserPerHour = 0, BaselineFactor = 10, BaselineFloor = 150 });

        Assert.IsType<AccessDecision.Allowed>(await guard.AdmitAsync(Employer, 200, CancellationToken.None));
        var refused = await guard.AdmitAsync(Employer, 1, CancellationToken.None);

        Assert.IsType<AccessDecision.Suspended>(refused);
        Assert.Equal("above-baseline", _incidents.Suspensions.Single().Incident.Rule);
    }

    [Fact]
    public async Task Admit_WithReadsBegunEarly_CountsLikeWithout_AndACountCommittedInBetweenIsNotLost()
    {
        // Arrange: reads begun for a page, then another request of the same account counts 5 before this one asks.
        var guard = Guard(new AccessOptions { AccountPerMinute = 0, AccountPerHour = 0, UserPerMinute = 0, UserPerHour = 0 });
        var begun = guard.BeginAdmission(Employer, CancellationToken.None);
        Assert.IsType<AccessDecision.Allowed>(await guard.AdmitAsync(Employer, 5, CancellationToken.None));

        // Act: the stale counter read loses the ETag race, so the guard reads again and counts on top.
        var decision = await guard.AdmitAsync(Employer, 20, CancellationToken.None, begun: begun);

        // Assert
        Assert.IsType<AccessDecision.Allowed>(decision);
        var counted = await _counters.ReadAsync("employer:acme", "20261127", CancellationToken.None);
        Assert.Equal(25, counted.DayCount);
        Assert.Equal(25, (await _counters.ReadAsync("employer:acme|user:user-1", "20261127", CancellationToken.None)).DayCount);
    }

    [Fact]
    public async Task Admit_WithReadsBegunEarly_ASuspensionFoundByThemRefuses_EvenForZeroCvs()
    {
        // Arrange
        var guard = Guard(new AccessOptions { AccountDailyCeiling = 10 });
        Assert.IsType<AccessDecision.Suspended>(await guard.AdmitAsync(Employer, 11, CancellationToken.None));
        var begun = guard.BeginAdmission(Employer, CancellationToken.None);

        // Act
        var page = await guard.AdmitAsync(Employer, 1, CancellationToken.None, begun: begun);
        var empty = await guard.AdmitAsync(Employer, 0, CancellationToken.None, begun: begun);

        // Assert
        Assert.IsType<AccessDecision.Suspended>(page);
        Assert.IsType<AccessDecision.Suspended>(empty);
        Assert.Single(_incidents.Suspensions);
    }

    [Fact]
    public async Task Admit_CounterAlwaysContended_IsUnrecordedAsBusy_NotLimited()
    {
        var guard = new AccessGuard(new AlwaysContended(), _incidents, Options.Create(new AccessOptions { CounterRaceBudget = TimeSpan.FromMilliseconds(50) }), _clock, NullLogger<AccessGuard>.Instance);

        var decision = await guard.AdmitAsync(Employer, 1, CancellationToken.None);

        // A lost race is no limit the caller reached (ADR 0054, amended): not Limited, whose answer is the ceiling's 429.
        Assert.Equal(AccessDecision.Unrecorded.CounterBusy, Assert.IsType<AccessDecision.Unrecorded>(decision).Cause);
    }

    [Fact]
    public async Task Admit_AccountRaceLostToOtherInstancesTwentyTimes_IsAllowed_AndCountedOnTopOfTheirs()
    {
        // Arrange: before ADR 0054 the 8th lost round refused the read (429 concurrency) though no limit was near.
        var party = AccessGuard.PartyOf(Employer);
        var counters = new AccountRacesLost(_counters, party, 20);
        var guard = new AccessGuard(counters, _incidents, Options.Create(new AccessOptions()), _clock, NullLogger<AccessGuard>.Instance);
        var day = _clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var decision = await guard.AdmitAsync(Employer, 3, CancellationToken.None);

        // Assert: allowed, and counted once on top of the 20 views the other instances counted meanwhile.
        Assert.IsType<AccessDecision.Allowed>(decision);
        Assert.Equal(20, counters.Lost);
        Assert.Equal(23, (await _counters.ReadAsync(party, day, CancellationToken.None)).DayCount);
        Assert.Equal(3, (await _counters.ReadAsync($"{party}|user:{Employer.UserObjectId}", day, CancellationToken.None)).DayCount);
    }

    [Fact]
    public async Task Admit_AccountRacesLostUpToTheCeiling_SuspendsAtTheCeiling_NotPastIt()
    {
        // Arrange: a ceiling of 10; other instances count 9 views while this request of 2 keeps losing.
        var party = AccessGuard.PartyOf(Employer);
        var guard = new AccessGuard(new AccountRacesLost(_counters, party, 9), _incidents, Options.Create(new AccessOptions { AccountDailyCeiling = 10 }), _clock,
            NullLogger<AccessGuard>.Instance);
        var day = _clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var decision = await guard.AdmitAsync(Employer, 2, CancellationToken.None);

        // Assert: each retry reads the count again, so the ceiling sees the others' views and the request is not served.
        Assert.IsType<AccessDecision.Suspended>(decision);
        Assert.Equal(9, (await _counters.ReadAsync(party, day, CancellationToken.None)).DayCount);
    }

    [Fact]
    public async Task Admit_AccountRaceLostOnce_CountsTheAccountAndThePersonOnceEach()
    {
        // Arrange
        var party = AccessGuard.PartyOf(Employer);
        var guard = new AccessGuard(new AccountRaceLostOnce(_counters, party), _incidents, Options.Create(new AccessOptions()), _clock, NullLogger<AccessGuard>.Instance);
        var day = _clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var decision = await guard.AdmitAsync(Employer, 3, CancellationToken.None);

        // Assert: the retry counted the account again, not the person whose row was already written.
        Assert.IsType<AccessDecision.Allowed>(decision);
        Assert.Equal(3, (await _counters.ReadAsync(party, day, CancellationToken.None)).DayCount);
        Assert.Equal(3, (await _counters.ReadAsync($"{party}|user:{Employer.UserObjectId}", day, CancellationToken.None)).DayCount);
    }

    [Theory]
    [InlineData(false, AccessDecision.Unrecorded.CounterBusy)]
    [InlineData(true, AccessDecision.Unrecorded.CounterUnavailable)]
    public async Task Admit_AccountCountedButThePersonsRowNot_IsUnrecordedWithItsOwnCause(bool storeFails, string cause)
    {
        // Arrange: a store failure on the person's row used to answer as a lost race; each has its own problem type now.
        var party = AccessGuard.PartyOf(Employer);
        var counters = new PersonRowNotWritten(_counters, party, storeFails);
        var guard = new AccessGuard(counters, _incidents, Options.Create(new AccessOptions { CounterRaceBudget = TimeSpan.FromMilliseconds(20) }), _clock, NullLogger<AccessGuard>.Instance);

        // Act
        var decision = await guard.AdmitAsync(Employer, 1, CancellationToken.None);

        // Assert
        Assert.Equal(cause, Assert.IsType<AccessDecision.Unrecorded>(decision).Cause);
    }

    [Fact]
    public async Task Admit_ManyConcurrentRequestsOfOnePersonUnderTheLimits_AreAllAllowed_AndCountedOnceEach()
    {
        // Arrange: 32 views at once, well under the defaults (100 a minute for the person, 200 for the account).
        var party = AccessGuard.PartyOf(Employer);
        var guard = new AccessGuard(new RoundTrips(_counters), _incidents, Options.Create(new AccessOptions()), _clock, NullLogger<AccessGuard>.Instance);
        var day = _clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

        // Act: each as a view runs, reads begun early, then the admission.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            await Task.Yield();
            return await guard.AdmitAsync(Employer, 1, CancellationToken.None, begun: guard.BeginAdmission(Employer, CancellationToken.None));
        }));

        // Assert: none lost its races into a 429, and neither row lost or doubled a count.
        Assert.All(decisions, d => Assert.IsType<AccessDecision.Allowed>(d));
        Assert.Equal(32, (await _counters.ReadAsync(party, day, CancellationToken.None)).DayCount);
        Assert.Equal(32, (await _counters.ReadAsync($"{party}|user:{Employer.UserObjectId}", day, CancellationToken.None)).DayCount);
    }

    [Fact]
    public async Task PartyGate_OneAtATimePerParty_OthersPass_AndIdlePartiesLeaveNothing()
    {
        var gate = new PartyGate();

        var first = await gate.EnterAsync("employer:a", CancellationToken.None);
        var other = await gate.EnterAsync("employer:b", CancellationToken.None);
        var second = gate.EnterAsync("employer:a", CancellationToken.None);
        await Task.Delay(20);
        Assert.False(second.IsCompleted);
        Assert.False(first.Waited);
        Assert.False(other.Waited);
        first.Dispose();
        using (var turn = await second)
        {
            Assert.True(turn.Waited);
        }
        other.Dispose();

        Assert.Equal(0, gate.Held);
    }

    /// <summary>
    /// Each caller reads <paramref name="perDay"/> CVs a day for <paramref name="days"/> days, in pages of 50 twenty
    /// minutes apart from 08:00 UTC (150 an hour: under every per-minute and per-hour limit), as a patient harvester
    /// would. Returns, per caller, the 1-based day of its first refusal, or null.
    /// </summary>
    private async Task<int?[]> ReplayAsync(AccessGuard guard, int perDay, int days, params HubCaller[] callers)
    {
        var start = new DateTimeOffset(_clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(8), TimeSpan.Zero);
        var stopped = new int?[callers.Length];
        for (var day = 0; day < days; day++)
        {
            for (var page = 0; page < perDay / 50; page++)
            {
                _clock.SetUtcNow(start.AddDays(day).AddMinutes(20 * page));
                for (var c = 0; c < callers.Length; c++)
                {
                    if (stopped[c] is null
                        && await guard.AdmitAsync(callers[c], 50, CancellationToken.None, begun: guard.BeginAdmission(callers[c], CancellationToken.None)) is not AccessDecision.Allowed)
                    {
                        stopped[c] = day + 1;
                    }
                }
            }
        }
        return stopped;
    }

    [Fact]
    public async Task Replay30Days_900CvsADayUnderEveryDailyAndHourlyLimit_IsSuspendedByTheSevenDayCeilingOnDay4_AnOverriddenAgencyIsNot()
    {
        // Arrange: the defaults (200 a minute, 600 an hour, 1,000 a day, 3,000 in 7 days, 8,000 in 30 days), and an
        // agency with its own rolling ceilings.
        var options = new AccessOptions();
        options.Overrides["agency"] = new AccessOverride { AccountSevenDayCeiling = 10_000, AccountThirtyDayCeiling = 40_000 };
        var guard = Guard(options);
        var agency = Employer with { PartyId = "agency", ClientId = "client-agency", UserObjectId = "user-9" };

        // Act
        var stopped = await ReplayAsync(guard, 900, 30, Employer, agency);

        // Assert: 900 + 900 + 900 = 2,700 in three days; the fourth day's pages reach past 3,000.
        Assert.Equal([4, null], stopped);
        var (incident, _) = Assert.Single(_incidents.Suspensions);
        Assert.Equal(("employer:acme", "rolling-7-day"), (incident.Party, incident.Rule));
        // The record reaches back over the 7 days the ceiling counted (today and the 6 before, from 00:00 UTC), so it
        // holds the harvest from its first day, not only the last 24 hours.
        Assert.Equal(incident.DetectedAt.UtcDateTime.Date.AddDays(-6), incident.WindowFrom.UtcDateTime);
        Assert.Equal(900, (await _counters.ReadAsync("employer:agency", _clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None)).DayCount);
    }

    [Fact]
    public async Task Replay30Days_400CvsADayUnderTheSevenDayCeiling_IsSuspendedByTheThirtyDayCeilingOnDay21()
    {
        var guard = Guard(new AccessOptions());

        var stopped = await ReplayAsync(guard, 400, 30, Employer);

        // 2,800 in any 7 days stays under 3,000; 20 days make 8,000, the 21st day's first page passes it.
        Assert.Equal([21], stopped);
        Assert.Equal("rolling-30-day", _incidents.Suspensions.Single().Incident.Rule);
    }

    [Fact]
    public async Task Admit_ManyReadsInADay_ReadTheDaysBeforeOnce_AndAgainTheNextDay()
    {
        var guard = Guard(new AccessOptions { AccountPerMinute = 0, AccountPerHour = 0, UserPerMinute = 0, UserPerHour = 0 });

        for (var i = 0; i < 20; i++)
        {
            await guard.AdmitAsync(Employer, 1, CancellationToken.None, begun: guard.BeginAdmission(Employer, CancellationToken.None));
        }
        var sameDay = _counters.HistoryReads;
        _clock.Advance(TimeSpan.FromDays(1));
        await guard.AdmitAsync(Employer, 1, CancellationToken.None);

        Assert.Equal(1, sameDay);
        Assert.Equal(2, _counters.HistoryReads);
    }

    [Fact]
    public async Task Admit_APartysOwnDailyCeiling_ReplacesTheDefault_ForThatPartyOnly()
    {
        var options = new AccessOptions { AccountPerMinute = 0, AccountPerHour = 0, UserPerMinute = 0, UserPerHour = 0, AccountDailyCeiling = 100 };
        options.Overrides["agency"] = new AccessOverride { AccountDailyCeiling = 500, AccountSevenDayCeiling = 3000 };
        var guard = Guard(options);
        var agency = Employer with { PartyId = "agency" };

        Assert.IsType<AccessDecision.Allowed>(await guard.AdmitAsync(agency, 500, CancellationToken.None));
        Assert.IsType<AccessDecision.Suspended>(await guard.AdmitAsync(agency, 1, CancellationToken.None));
        Assert.IsType<AccessDecision.Suspended>(await guard.AdmitAsync(Employer, 101, CancellationToken.None));
        Assert.Equal(["daily-ceiling", "daily-ceiling"], _incidents.Suspensions.Select(s => s.Incident.Rule));
    }

    [Fact]
    public void LimitsFor_ABoardsGrant_SetsItsDailyCeiling_AndRollingCeilingsOf7And30TimesIt_UnlessOverridden()
    {
        var options = new AccessOptions();
        options.Overrides["finn"] = new AccessOverride { AccountThirtyDayCeiling = 100_000 };

        Assert.Equal((20_000, 140_000, 600_000), Ceilings(options.LimitsFor("eures", 20_000)));
        Assert.Equal((20_000, 140_000, 100_000), Ceilings(options.LimitsFor("finn", 20_000)));
        Assert.Equal((1000, 3000, 8000), Ceilings(options.LimitsFor("acme")));

        static (int, int, int) Ceilings(AccessLimits l) => (l.AccountDailyCeiling, l.AccountSevenDayCeiling, l.AccountThirtyDayCeiling);
    }

    [Fact]
    public void Validator_OverridesOfAnUnknownParty_OutOfRange_OrOutOfOrder_FailNamingTheSetting()
    {
        var hub = Options.Create(new HubOptions { Clients = [new ClientBinding { ClientId = "c1", Kind = PartyKind.Employer, Id = "agency" }] });
        var validator = new AccessOptionsValidator(hub);
        var good = new AccessOptions();
        good.Overrides["agency"] = new AccessOverride { AccountDailyCeiling = 5000, AccountSevenDayCeiling = 30_000, AccountThirtyDayCeiling = 120_000 };
        var bad = new AccessOptions { AccountSevenDayCeiling = 900 };
        bad.Overrides["agnecy"] = new AccessOverride { AccountDailyCeiling = 2000 };
        bad.Overrides["agency"] = new AccessOverride { AccountPerMinute = -1 };

        var failures = validator.Validate(null, bad).Failures!.ToList();

        Assert.True(validator.Validate(null, good).Succeeded);
        Assert.Contains(failures, f => f.StartsWith("Hub:Access:AccountSevenDayCeiling (900) must be at least AccountDailyCeiling", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hub:Access:Overrides:agnecy: names no party", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hub:Access:Overrides:agency:AccountPerMinute", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotFound_BeyondTheHourlyLimit_SuspendsForEnumeration()
    {
        var guard = Guard(new AccessOptions { NotFoundPerHour = 3 });

        var answers = new List<AccessDecision>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await guard.NotFoundAsync(Employer, CancellationToken.None));
        }

        Assert.All(answers.Take(3), a => Assert.IsType<AccessDecision.Allowed>(a));
        Assert.IsType<AccessDecision.Suspended>(answers[3]);
        Assert.Equal("enumeration", _incidents.Suspensions.Single().Incident.Rule);
    }

    [Fact]
    public async Task NotFound_CounterAlwaysContended_IsUnrecordedAsBusy_NotAllowed()
    {
        // Issue 15: after 8 lost races the enumeration counter let the view through uncounted.
        var guard = new AccessGuard(new AlwaysContended(), _incidents, Options.Create(new AccessOptions { CounterRaceBudget = TimeSpan.FromMilliseconds(50) }), _clock, NullLogger<AccessGuard>.Instance);

        var decision = await guard.NotFoundAsync(Employer, CancellationToken.None);

        var unrecorded = Assert.IsType<AccessDecision.Unrecorded>(decision);
        Assert.Equal(AccessDecision.Unrecorded.CounterBusy, unrecorded.Cause);
        Assert.True(unrecorded.RetryAfter >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AdmitAndNotFound_StoreFailsTheWrite_AreUnrecordedAsUnavailable()
    {
        var guard = new AccessGuard(new FailingWrites(), _incidents, Options.Create(new AccessOptions()), _clock, NullLogger<AccessGuard>.Instance);

        var admitted = await guard.AdmitAsync(Employer, 1, CancellationToken.None);
        var notFound = await guard.NotFoundAsync(Employer, CancellationToken.None);
        var empty = await guard.AdmitAsync(Employer, 0, CancellationToken.None, emptySearchRows: 1000);

        Assert.Equal(AccessDecision.Unrecorded.CounterUnavailable, Assert.IsType<AccessDecision.Unrecorded>(admitted).Cause);
        Assert.Equal(AccessDecision.Unrecorded.CounterUnavailable, Assert.IsType<AccessDecision.Unrecorded>(notFound).Cause);
        Assert.Equal(AccessDecision.Unrecorded.CounterUnavailable, Assert.IsType<AccessDecision.Unrecorded>(empty).Cause);
    }

    [Fact]
    public async Task Admit_EmptySearches_AreChargedByTheRowsTheyRead_AgainstTheMinuteLimit_ButNotTheDay()
    {
        var guard = Guard(new AccessOptions { AccountPerMinute = 25, AccountPerHour = 0, UserPerMinute = 0, UserPerHour = 0 });

        var first = await guard.AdmitAsync(Employer, 0, CancellationToken.None, emptySearchRows: 1000);
        var second = await guard.AdmitAsync(Employer, 0, CancellationToken.None, emptySearchRows: 1000);
        var third = await guard.AdmitAsync(Employer, 0, CancellationToken.None, emptySearchRows: 1000);
        var row = await _counters.ReadAsync("employer:acme", "20261127", CancellationToken.None);

        Assert.IsType<AccessDecision.Allowed>(first);
        Assert.IsType<AccessDecision.Allowed>(second);
        Assert.Equal("per-minute", Assert.IsType<AccessDecision.Limited>(third).Limit);
        Assert.Equal(20, row.MinuteCount);
        Assert.Equal(0, row.DayCount);
        Assert.Equal(1, new AccessOptions().EmptySearchCost(3));
        Assert.Equal(0, new AccessOptions { EmptySearchRowsPerCv = 0 }.EmptySearchCost(1000));
    }

    [Fact]
    public async Task Admit_EmptySearchWithCostZero_IsFreeAsBefore()
    {
        var guard = Guard(new AccessOptions { EmptySearchRowsPerCv = 0 });

        var decision = await guard.AdmitAsync(Employer, 0, CancellationToken.None, emptySearchRows: 1000);
        var row = await _counters.ReadAsync("employer:acme", "20261127", CancellationToken.None);

        Assert.IsType<AccessDecision.Allowed>(decision);
        Assert.Null(row.ETag);
    }
}
