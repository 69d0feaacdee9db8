using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Boards;
using IntegrationHub.Boards.Breach;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.JobAds;

/// <summary>
/// Issue 15's outbound cases against a raw loopback listener: an error body of 100 MB is read only up to 4 KiB, an
/// endpoint that never answers times out, and plain http is refused at start outside Development.
/// </summary>
public sealed class OutboundSafetyTests : IAsyncDisposable
{
    private const long HugeBody = 100L * 1024 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private long _written;

    public OutboundSafetyTests() => _listener.Start();

    private string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _stop.Dispose();
    }

    /// <summary>Answers every request 400 with a 100 MB body, counting what it managed to write before the client let go.</summary>
    private void ServeHugeErrorBodies() => _ = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(async () =>
            {
                using var connection = socket;
                var stream = connection.GetStream();
                try
                {
                    await ReadRequestAsync(stream);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: {HugeBody}\r\n\r\n"));
                    var block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                    for (long sent = 0; sent < HugeBody; sent += block.Length)
                    {
                        await stream.WriteAsync(block);
                        Interlocked.Add(ref _written, block.Length);
                    }
                }
                catch (IOException)
                {
                    // The client gave the connection up: what was written so far is all it could have read.
                }
            });
        }
    });

    /// <summary>Accepts connections and reads the request, and never answers.</summary>
    private void ServeSilence() => _ = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(async () =>
            {
                using var connection = socket;
                await ReadRequestAsync(connection.GetStream());
                await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            });
        }
    });

    private static async Task ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                return;
            }
            text.Append(Encoding.Latin1.GetString(buffer, 0, n));
            var all = text.ToString();
            var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = all.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
                    ? int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;
                if (all.Length - end - 4 >= length)
                {
                    return;
                }
            }
        }
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, string environment = "Development")
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddHubBoards();
        return services.BuildServiceProvider();
    }

    private static BoardPublication FinnAd()
    {
        var adId = IntegrationHub.Core.Kernel.HubIds.NewRandomId();
        var rendering = BoardRenderers.For(BoardIds.Finn).Render(adId, JobAdExamples.ForAllBoards());
        return new BoardPublication(adId, rendering, null, "r1");
    }

    private static Dictionary<string, string?> Quick(Dictionary<string, string?> settings)
    {
        settings["Hub:Boards:Resilience:MaxRetries"] = "0";
        settings["Hub:Boards:Resilience:AttemptTimeoutSeconds"] = "1";
        settings["Hub:Boards:Resilience:TotalTimeoutSeconds"] = "2";
        return settings;
    }

    [Fact]
    public async Task Board_ErrorBodyOf100MB_IsReadOnlyToTheLimit_AndTheRejectionKeepsTheBoardsReasonShort()
    {
        // Arrange
        ServeHugeErrorBodies();
        // No retries, but room for a loaded CI machine: with a 1 s attempt timeout the answer was sometimes cut as a
        // timeout (Transient) before its 400 was read. The bytes written below prove the body was not read in full.
        var settings = Quick(new() { ["Hub:Boards:Finn:BaseUrl"] = BaseUrl + "/finn" });
        settings["Hub:Boards:Resilience:AttemptTimeoutSeconds"] = "8";
        settings["Hub:Boards:Resilience:TotalTimeoutSeconds"] = "9";
        await using var services = Services(settings);
        var finn = services.GetServices<IBoardClient>().Single(c => c.Board == BoardIds.Finn);
        var watch = Stopwatch.StartNew();

        // Act
        var outcome = (await finn.PublishAsync([FinnAd()], CancellationToken.None)).Single();
        await Task.Delay(500);

        // Assert: a few socket buffers at most went out, not the 100 MB (it was read in full before it was cut).
        Assert.Equal(BoardOutcomeKind.Rejected, outcome.Kind);
        Assert.StartsWith("HTTP 400: xxx", outcome.Detail, StringComparison.Ordinal);
        Assert.True(outcome.Detail!.Length <= 520, $"{outcome.Detail.Length} characters");
        Assert.True(Interlocked.Read(ref _written) < HugeBody / 4, $"{Interlocked.Read(ref _written)} bytes written");
        // Only a hang fails on time: the bytes above are the evidence, and a loaded CI machine took 13 s at start-up.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Registry_ErrorBodyOf100MB_IsReadOnlyToTheLimit()
    {
        // Arrange
        ServeHugeErrorBodies();
        await using var services = Services(new()
        {
            ["Hub:Breach:Registries:nav:DeliveryUrl"] = BaseUrl + "/nav/deliveries",
            ["Hub:Breach:Registries:nav:ComplaintUrl"] = "https://www.datatilsynet.no/",
            ["Hub:Breach:Registries:nav:DpoContact"] = "personvernombud@nav.example",
        });
        var registry = services.GetRequiredService<IRegistryDelivery>();
        var request = new RegistryDeliveryRequest
        {
            CampaignId = "c1", CitizenId = "cit-1", IdempotencyKey = "c1:cit-1", Channel = "default", PreferredChannels = ["digital"],
            Language = "nb", Subject = "s", Body = "b",
        };

        // Act
        var outcome = await registry.DeliverAsync("nav", request, CancellationToken.None);
        await Task.Delay(500);

        // Assert
        Assert.Equal(RegistryDeliveryKind.Rejected, outcome.Kind);
        Assert.True(outcome.Detail!.Length <= 520, $"{outcome.Detail.Length} characters");
        Assert.True(Interlocked.Read(ref _written) < HugeBody / 4, $"{Interlocked.Read(ref _written)} bytes written");
    }

    [Fact]
    public async Task Board_ThatNeverAnswers_TimesOut_AsATransientOutcome()
    {
        // Arrange
        ServeSilence();
        await using var services = Services(Quick(new() { ["Hub:Boards:Finn:BaseUrl"] = BaseUrl + "/finn" }));
        var finn = services.GetServices<IBoardClient>().Single(c => c.Board == BoardIds.Finn);
        var watch = Stopwatch.StartNew();

        // Act
        var outcome = (await finn.PublishAsync([FinnAd()], CancellationToken.None)).Single();

        // Assert
        Assert.Equal(BoardOutcomeKind.Transient, outcome.Kind);
        Assert.Equal("timed out", outcome.Detail);
        // The 2 s total timeout ended it, not HttpClient's 100 s: a bound with room for a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void PlainHttpEndpoints_OutsideDevelopment_FailAtStartNamingEachSetting(string environment)
    {
        // Arrange
        using var services = Services(new()
        {
            ["Hub:Boards:Jobnet:BaseUrl"] = "http://jobnet.example",
            ["Hub:Breach:Registries:nav:DeliveryUrl"] = "http://nav.example/deliveries",
            ["Hub:Breach:Registries:nav:ComplaintUrl"] = "https://www.datatilsynet.no/",
            ["Hub:Breach:Registries:nav:DpoContact"] = "personvernombud@nav.example",
        }, environment);

        // Act
        var boards = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BoardOptions>>().Value);
        var registries = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BreachDeliveryOptions>>().Value);

        // Assert
        Assert.Contains("Hub:Boards:Jobnet:BaseUrl must be an https URL outside Development", boards.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Breach:Registries:nav:DeliveryUrl must be an https URL outside Development", registries.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpEndpoints_InDevelopment_AreAllowed_ForTheLocalStandIns()
    {
        using var services = Services(new() { ["Hub:Boards:Jobnet:BaseUrl"] = "http://127.0.0.1:7081/jobnet" });

        Assert.Equal("http://127.0.0.1:7081/jobnet", services.GetRequiredService<IOptions<BoardOptions>>().Value.Jobnet.BaseUrl);
    }
}
