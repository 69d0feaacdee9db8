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

        public Task<IReadOnlyList<int>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<int>>([.. History.Where(h => string.CompareOrdinal(h.Key, day) < 0).Select(h => h.Value)]);
    }

    private sealed class AlwaysContended : IAccessCounters
    {
        public Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken) => Task.FromResult(UsageCounter.Empty(key, day));

        public Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<IReadOnlyList<int>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<int>>([]);
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
    public async Task Admit_CounterAlwaysContended_AnswersLimitedInsteadOfFailing()
    {
        var guard = new AccessGuard(new AlwaysContended(), _incidents, Options.Create(new AccessOptions()), _clock, NullLogger<AccessGuard>.Instance);

        var decision = await guard.AdmitAsync(Employer, 1, CancellationToken.None);

        Assert.Equal("concurrency", Assert.IsType<AccessDecision.Limited>(decision).Limit);
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
}
