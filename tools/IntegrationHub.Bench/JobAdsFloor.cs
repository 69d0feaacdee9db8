using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Boards;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using IntegrationHub.StandIns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Bench;

/// <summary>
/// The floor of ./hub bench jobads: the board calls the hub makes for N ads (render, publish in the board's own way,
/// then ask until the board decided), made directly with the hub's own board clients against fault-free stand-ins, with
/// no intake, store or queue in between. What the hub adds is the distance between this rate and its own.
/// </summary>
internal static class JobAdsFloor
{
    public sealed record Result(int Deliveries, TimeSpan Elapsed, int Accepted, int Requests)
    {
        public double Rate => Deliveries / Elapsed.TotalSeconds;
    }

    public static async Task<Result> MeasureAsync(JsonObject example, int ads, int concurrency)
    {
        await using var boards = await BoardStandIns.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(boards.Settings(quickRetries: false)).Build());
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Error));
        // The stand-ins are plain http on loopback: allowed in Development only.
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" });
        services.AddHubBoards();
        await using var provider = services.BuildServiceProvider();
        var clients = provider.GetServices<IBoardClient>().ToList();
        var documents = Enumerable.Range(0, ads).Select(i => Document(example, i)).ToList();

        Console.Error.WriteLine($"floor: {ads} ads x {clients.Count} boards, the board calls made directly");
        var started = Stopwatch.StartNew();
        var accepted = 0;
        await Task.WhenAll(clients.Select(async client =>
        {
            var items = documents.Select(d =>
            {
                var rendering = BoardRenderers.For(client.Board).Render(d.AdId, d.Ad);
                return new BoardPublication(d.AdId, rendering, null, JobAdDeliveryHandler.RequestId(d.AdId, "publish", rendering.Hash));
            }).ToList();
            var outcomes = new List<BoardOutcome>(items.Count);
            foreach (var page in items.Chunk(100))
            {
                outcomes.AddRange(await client.PublishAsync(page, CancellationToken.None));
            }
            var follow = items.Zip(outcomes).Where(p => p.Second.Kind is BoardOutcomeKind.Sent or BoardOutcomeKind.AwaitingApproval).ToList();
            await Parallel.ForEachAsync(follow, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (p, ct) =>
            {
                var check = new BoardWithdrawal(p.First.AdId, p.Second.BoardReference, p.First.RequestId);
                BoardOutcome outcome;
                while ((outcome = await client.CheckAsync(check, ct)).Kind == BoardOutcomeKind.Waiting)
                {
                    await Task.Delay(10, ct);
                }
                if (outcome.Kind == BoardOutcomeKind.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
            });
            Interlocked.Add(ref accepted, outcomes.Count(o => o.Kind == BoardOutcomeKind.Accepted));
        }));
        var elapsed = started.Elapsed;
        return new Result(ads * clients.Count, elapsed, accepted, boards.Boards.Values.Sum(b => b.Requests.Count));
    }

    private static (string AdId, Contracts.JobAds.JobAdDocument Ad) Document(JsonObject example, int i)
    {
        var json = example.DeepClone().AsObject();
        json["reference"] = $"floor-{i:D6}";
        json["title"] = $"Helsefagarbeider {i}";
        json["targets"] = new JsonArray("nav", "jobnet", "finn", "eures");
        json["locations"]!.AsArray().Add(new JsonObject { ["city"] = "København", ["country"] = "DK" });
        json["published"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        json["expires"] = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var ad = JsonSerializer.Deserialize(json.ToJsonString(), JobAdsJson.Default.JobAdDocument)!;
        return (HubIds.NewRandomId(), ad with { AdText = AdTextSanitizer.Sanitize(ad.AdText), Occupation = OccupationMap.Instance.Complete(ad.Occupation) });
    }
}
