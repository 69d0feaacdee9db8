using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using IntegrationHub.DevHost;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.DevHost;

/// <summary>
/// Timers as singletons behind the Functions host's listener lock (ADR 0025), on a real Azurite blob service. The
/// timings are the shortest the host and Azure Storage accept (15 s lease, 15 s recovery), so the takeover bound is 30 s.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerLeaseTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly SingletonHostSettings Short = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));

    /// <summary>Scheduling slack on a busy two-core machine, on top of the bound.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    private readonly string _hostId = "lease-test-" + Guid.NewGuid().ToString("N")[..12];
    private readonly HubFunction _function = new HubFunctionCatalog(typeof(ProbeFunctions).Assembly).Functions.Single(f => f.Name == "ProbeTimer");
    private HubStorage _storage = null!;

    public Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(azurite.Settings).Build();
        _storage = new HubStorage(configuration, Options.Create(new StorageOptions { NamePrefix = AzuriteFixture.NewPrefix() }));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private (TimerTriggerScheduler Scheduler, ProbeLog Log, ServiceProvider Services) Instance()
    {
        var log = new ProbeLog();
        var services = new ServiceCollection().AddSingleton(log).BuildServiceProvider();
        var scheduler = new TimerTriggerScheduler(_function, services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger.Instance,
            new ListenerLock(_storage.Blobs, _hostId, _function.Name, Short.ListenerLockPeriod), Short);
        return (scheduler, log, services);
    }

    [Fact]
    public void LockBlob_IsNamedAsTheFunctionsHostNamesIt()
    {
        Assert.Equal("locks/myhost/Host.Functions.OutboxRelay.Listener", ListenerLock.BlobNameFor("myhost", "OutboxRelay"));
        Assert.Equal("azure-webjobs-hosts", ListenerLock.ContainerName);
    }

    [Fact]
    public void HostJson_WithoutASingletonSection_HasTheHostsDefaults_AndAppSettingsOverrideIt()
    {
        var empty = JsonDocument.Parse("{}").RootElement;

        var defaults = SingletonHostSettings.Read(empty, _ => null);
        var overridden = SingletonHostSettings.Read(empty, key => key == "AzureFunctionsJobHost:singleton:listenerLockPeriod" ? "00:00:20" : null);

        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(1)), (defaults.ListenerLockPeriod, defaults.ListenerLockRecoveryPollingInterval));
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.RenewalInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), overridden.ListenerLockPeriod);
    }

    [Theory]
    [InlineData("{\"singleton\":{\"listenerLockPeriod\":\"00:00:10\"}}", "listenerLockPeriod")]
    [InlineData("{\"singleton\":{\"listenerLockPeriod\":\"00:02:00\"}}", "listenerLockPeriod")]
    [InlineData("{\"singleton\":{\"listenerLockRecoveryPollingInterval\":\"00:00:05\"}}", "listenerLockRecoveryPollingInterval")]
    [InlineData("{\"singleton\":{\"listenerLockPeriod\":\"soon\"}}", "listenerLockPeriod")]
    public void HostJson_WithTimingsTheHostRefuses_FailsAtStart_NamingTheField(string json, string field)
    {
        var e = Assert.Throws<InvalidOperationException>(() => SingletonHostSettings.Read(JsonDocument.Parse(json).RootElement, _ => null));
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoInstances_OnlyTheHolderFires_AndAfterItStopsTheOtherTakesOverWithinTheRecoveryInterval()
    {
        var (a, logA, servicesA) = Instance();
        var (b, logB, servicesB) = Instance();
        await using var _ = servicesA;
        await using var __ = servicesB;
        await a.StartAsync(CancellationToken.None);
        await StorageProbe.Eventually(() => Task.FromResult(a.IsHolding), "the first instance to take the lease");
        await b.StartAsync(CancellationToken.None);

        await StorageProbe.Eventually(() => Task.FromResult(logA.Ticks >= 3), "three ticks on the holder");
        Assert.Equal(0, logB.Ticks);
        Assert.False(b.IsHolding);

        // A graceful stop releases the lease; the other instance's next recovery poll takes it.
        var stopped = Stopwatch.StartNew();
        await a.StopAsync(CancellationToken.None);
        var ticksOfA = logA.Ticks;
        await StorageProbe.Eventually(() => Task.FromResult(logB.Ticks >= 2), "the survivor to fire", seconds: (int)(Short.ListenerLockRecoveryPollingInterval + Slack).TotalSeconds);
        Assert.True(stopped.Elapsed < Short.ListenerLockRecoveryPollingInterval + Slack, $"took over after {stopped.Elapsed}");
        Assert.Equal(ticksOfA, logA.Ticks);
        await b.StopAsync(CancellationToken.None);
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public async Task HolderThatDiesWithoutReleasing_IsReplacedWithinListenerLockPeriodPlusRecoveryInterval_AndNotBeforeItsLeaseRunsOut()
    {
        // A holder that dies (SIGKILL) keeps its lease until it runs out: take it the way an instance does, then never renew.
        var dead = new ListenerLock(_storage.Blobs, _hostId, _function.Name, Short.ListenerLockPeriod);
        BlobLeaseClient? deadLease = null;
        await StorageProbe.Eventually(async () => (deadLease = await dead.TryAcquireAsync(CancellationToken.None)) is not null, "the doomed holder's lease");
        var died = Stopwatch.StartNew();
        var (survivor, log, services) = Instance();
        await using var _ = services;

        await survivor.StartAsync(CancellationToken.None);
        await StorageProbe.Eventually(() => Task.FromResult(log.Ticks >= 1), "the survivor to fire",
            seconds: (int)(Short.TakeoverBound + Slack).TotalSeconds);
        var tookOver = died.Elapsed;
        await survivor.StopAsync(CancellationToken.None);
        survivor.Dispose();

        Assert.True(tookOver >= Short.ListenerLockPeriod - TimeSpan.FromSeconds(1), $"fired at {tookOver}, while the dead holder's lease still ran");
        Assert.True(tookOver <= Short.TakeoverBound + Slack, $"took over after {tookOver}; bound {Short.TakeoverBound}");
    }
}
