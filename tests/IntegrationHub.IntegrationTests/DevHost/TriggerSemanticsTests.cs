using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IntegrationHub.DevHost;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.DevHost;

/// <summary>Records what the probe functions saw.</summary>
public sealed class ProbeLog
{
    public ConcurrentQueue<(string Function, string Body, long DequeueCount)> Calls { get; } = new();

    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    private int _ticks;
    private int _running;
    private int _mostRunning;

    public int Ticks => Volatile.Read(ref _ticks);

    /// <summary>What a "hold" message waits for.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The most messages ProbeHolds ran at once.</summary>
    public int MostRunning => Volatile.Read(ref _mostRunning);

    public void Enter()
    {
        var running = Interlocked.Increment(ref _running);
        int most;
        while (running > (most = Volatile.Read(ref _mostRunning)) && Interlocked.CompareExchange(ref _mostRunning, running, most) != most)
        {
        }
    }

    public void Leave() => Interlocked.Decrement(ref _running);

    public void Tick() => Interlocked.Increment(ref _ticks);
}

/// <summary>Functions that exist only to exercise the dev host's trigger semantics.</summary>
public sealed class ProbeFunctions(ProbeLog log)
{
    [Function("ProbeAlwaysFails")]
    public Task AlwaysFails([QueueTrigger("probe-always-fails")] QueueMessage message)
    {
        log.Calls.Enqueue(("ProbeAlwaysFails", message.Body.ToString(), message.DequeueCount));
        throw new InvalidOperationException("probe: this function always fails");
    }

    [Function("ProbeFailsOnce")]
    public Task FailsOnce([QueueTrigger("probe-fails-once")] string body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var attempt = log.Attempts.AddOrUpdate(body, 1, (_, n) => n + 1);
        log.Calls.Enqueue(("ProbeFailsOnce", body, attempt));
        return attempt == 1 ? throw new TimeoutException("probe: transient failure on the first attempt") : Task.CompletedTask;
    }

    /// <summary>"hold" waits for <see cref="ProbeLog.Release"/>; "quick" returns at once; "slow" takes 30-80 ms.</summary>
    [Function("ProbeHolds")]
    public async Task Holds([QueueTrigger("probe-holds")] string body)
    {
        log.Enter();
        try
        {
            await (body switch
            {
                "hold" => log.Release.Task,
                "slow" => Task.Delay(Random.Shared.Next(30, 80)),
                _ => Task.CompletedTask,
            });
            log.Calls.Enqueue(("ProbeHolds", body, 1));
        }
        finally
        {
            log.Leave();
        }
    }

    [Function("ProbeTimer")]
    public Task Tick([TimerTrigger("* * * * * *")] TimerInfo timer)
    {
        log.Tick();
        return Task.CompletedTask;
    }
}

/// <summary>The dev host's queue and timer triggers against real Azurite queues, with the Functions host's rules.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TriggerSemanticsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly QueueHostSettings Settings = new(BatchSize: 4, NewBatchThreshold: 2, MaxPollingInterval: TimeSpan.FromMilliseconds(500), VisibilityTimeout: TimeSpan.Zero, MaxDequeueCount: 3);
    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private readonly ProbeLog _log = new();
    private readonly HubFunctionCatalog _catalog = new(typeof(ProbeFunctions).Assembly);
    private ServiceProvider _services = null!;
    private HubStorage _storage = null!;

    public Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        _services = new ServiceCollection().AddSingleton(_log).BuildServiceProvider();
        _storage = new HubStorage(configuration, Options.Create(new StorageOptions { NamePrefix = _prefix }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task QueueTrigger_MessageThatKeepsFailing_IsTriedMaxDequeueCountTimes_ThenMovedToPoison()
    {
        var (listener, queue, poison) = await StartListener("ProbeAlwaysFails");
        await queue.SendMessageAsync("keeps-failing");

        await StorageProbe.Eventually(async () => (await poison.PeekMessagesAsync(10)).Value.Length == 1, "the message to reach the poison queue");
        await listener.StopAsync(CancellationToken.None);

        var calls = _log.Calls.Where(c => c.Function == "ProbeAlwaysFails").ToList();
        Assert.Equal([1L, 2L, 3L], calls.Select(c => c.DequeueCount));
        Assert.All(calls, c => Assert.Equal("keeps-failing", c.Body));
        var poisoned = Assert.Single((await poison.ReceiveMessagesAsync(10)).Value);
        Assert.Equal("keeps-failing", poisoned.Body.ToString());
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task QueueTrigger_MessageThatFailsOnce_IsRetriedAndSucceeds_AndNothingIsPoisoned()
    {
        var (listener, queue, poison) = await StartListener("ProbeFailsOnce");
        await queue.SendMessageAsync("flaky");

        await StorageProbe.Eventually(() => Task.FromResult(_log.Calls.Count(c => c.Function == "ProbeFailsOnce") == 2), "the retry");
        await StorageProbe.Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the message to be deleted after success");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(2, _log.Attempts["flaky"]);
        Assert.Empty((await poison.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task QueueTrigger_MessageThatIsNotBase64_GoesStraightToPoison_AndTheFunctionNeverRuns()
    {
        var (listener, _, _) = await StartListener("ProbeFailsOnce");
        var raw = _storage.CreateQueueClient("probe-fails-once", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var rawPoison = _storage.CreateQueueClient("probe-fails-once-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await raw.SendMessageAsync("this is not base64 !!!");

        await StorageProbe.Eventually(async () => (await rawPoison.PeekMessagesAsync(10)).Value.Length == 1, "the undecodable message to reach the poison queue");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal("this is not base64 !!!", (await rawPoison.PeekMessagesAsync(1)).Value[0].Body.ToString());
        Assert.Empty((await raw.PeekMessagesAsync(10)).Value);
        Assert.DoesNotContain(_log.Calls, c => c.Function == "ProbeFailsOnce");
    }

    [Fact]
    public async Task QueueTrigger_OneMessageHeld_TheNextBatchesRunBesideIt()
    {
        // Batch 4, threshold 2: the held message and three quick ones come in the first batch; with the host's pipeline
        // the next batch is fetched once one message is left running, so the six quick ones behind do not wait for it.
        var (listener, queue, _) = await StartListener("ProbeHolds");
        await queue.SendMessageAsync("hold");
        for (var i = 0; i < 9; i++)
        {
            await queue.SendMessageAsync("quick");
        }

        await StorageProbe.Eventually(() => Task.FromResult(_log.Calls.Count(c => c.Body == "quick") == 9), "the quick messages to run while one is held");
        Assert.DoesNotContain(_log.Calls, c => c.Body == "hold");
        _log.Release.SetResult();
        await StorageProbe.Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "every message to be deleted");
        await listener.StopAsync(CancellationToken.None);
        Assert.Single(_log.Calls, c => c.Body == "hold");
    }

    [Fact]
    public async Task QueueTrigger_ManySlowMessages_NeverMoreThanBatchSizePlusNewBatchThresholdRunAtOnce()
    {
        var (listener, queue, _) = await StartListener("ProbeHolds");
        for (var i = 0; i < 40; i++)
        {
            await queue.SendMessageAsync("slow");
        }

        await StorageProbe.Eventually(() => Task.FromResult(_log.Calls.Count == 40), "all slow messages to run");
        await listener.StopAsync(CancellationToken.None);
        Assert.InRange(_log.MostRunning, 1, Settings.BatchSize + Settings.NewBatchThreshold);
    }

    [Fact]
    public async Task TimerTrigger_EverySecond_FiresRepeatedly()
    {
        var function = _catalog.Functions.Single(f => f.Name == "ProbeTimer");
        using var scheduler = new TimerTriggerScheduler(function, _services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger.Instance);

        await scheduler.StartAsync(CancellationToken.None);
        await StorageProbe.Eventually(() => Task.FromResult(_log.Ticks >= 2), "two timer ticks", seconds: 10);
        await scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task QueueTrigger_MessageRunningLongerThanTheLease_StaysInvisible_AndRunsOnce()
    {
        // The host renews a running message's visibility at half its lease (ADR 0025). Without that, the listener would
        // take the held message again once its 2 s lease ran out, and run it a second time beside the first.
        var (listener, queue, _) = await StartListener("ProbeHolds", inFlightLease: TimeSpan.FromSeconds(2));
        await queue.SendMessageAsync("hold");
        await StorageProbe.Eventually(() => Task.FromResult(_log.MostRunning == 1), "the held message to start");

        await Task.Delay(TimeSpan.FromSeconds(7)); // three and a half leases
        var runningTwice = _log.MostRunning;
        _log.Release.SetResult();
        await StorageProbe.Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the message to be deleted");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(1, runningTwice);
        Assert.Single(_log.Calls, c => c.Body == "hold");
    }

    private async Task<(QueueTriggerListener Listener, QueueClient Queue, QueueClient Poison)> StartListener(string functionName, TimeSpan? inFlightLease = null)
    {
        var function = _catalog.Functions.Single(f => f.Name == functionName);
        var listener = new QueueTriggerListener(function, function.QueueName!, _storage, _services.GetRequiredService<IServiceScopeFactory>(), Settings, NullLogger.Instance, inFlightLease);
        var queue = _storage.CreateQueueClient(function.QueueName!, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var poison = _storage.CreateQueueClient(function.QueueName! + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await listener.StartAsync(CancellationToken.None);
        return (listener, queue, poison);
    }
}
