using System.Diagnostics;
using System.Net;
using System.Text.Json;
using IntegrationHub.Boards;
using IntegrationHub.Boards.Breach;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Storage.Audit;
using IntegrationHub.UnitTests.Breach;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench breach --steps: where a letter's .NET work goes, per letter, in process and without I/O: the bytes each
/// step allocates (deterministic: the allocation counters around a batch, after a warm-up) and its time (indicative
/// only on a shared machine). The campaign, its three letters and the page of 200 citizens are the breach bench's.
/// Steps: reading registry and citizen from a page item's key, rendering a letter (as the fan-out does, and per call),
/// the request's JSON, the channel client (the registry client through its real HttpClient, resilience pipeline and
/// handlers, with a primary handler that answers 201 without a socket), the ledger rows' audit lines, and the whole
/// page handler with stores in memory and a registry that answers at once (everything but storage and sockets).
/// </summary>
internal static class BreachStepsBenchmark
{
    private const string Registry = "nav";
    private const int PageSize = 200;

    public static async Task<int> RunAsync()
    {
        var campaign = Campaign();
        var letters = Letters();
        var items = Page();
        var endpoint = new RegistryDeliveryEndpoint
        {
            DeliveryUrl = "https://registry.invalid/nav/deliveries",
            ComplaintUrl = FakeRegistryDeliveryUrls.Complaint,
            DpoContact = FakeRegistryDeliveryUrls.Dpo,
        };
        var context = new BreachLetterContext(null, null, endpoint.ComplaintUrl, endpoint.DpoContact);
        var rendered = items.Select(i => BreachLetterRenderer.Render(campaign, letters, i.Language, context)).ToArray();
        var requests = items.Select((item, n) => RegistryDeliveryRequest.For(campaign, item.CitizenId, item.Channel, item.Language, rendered[n])).ToArray();
        var entries = items.Select(i => new LedgerEntry
        {
            Key = i.Key, Status = LedgerStatus.Delivered, Channel = i.Channel, Language = i.Language, Attempts = 1, At = DateTimeOffset.UtcNow,
        }).ToArray();

        Console.WriteLine("| step, per letter | allocated | time (indicative: shared machine) |");
        Console.WriteLine("|---|---|---|");
        // The page handler reads each once per letter (before ADR 0049: three times each).
        Measure("registry and citizen from the page item's key (once each)", items, i =>
        {
            GC.KeepAlive(i.Registry);
            GC.KeepAlive(i.CitizenId);
        });
        var templates = BreachLetterTemplates.For(campaign, letters);
        Measure("render the letter, templates parsed once per page (the fan-out)", items, i =>
            GC.KeepAlive(templates.Render(i.Language, i.SeenBy, i.SeenCategories, endpoint.ComplaintUrl, endpoint.DpoContact)));
        IReadOnlyList<string> seenBy = ["employer:acme", "board:eures"];
        IReadOnlyList<string> seenCategories = ["work-experience", "education"];
        Measure("render the letter of a CV two parties read (never shared)", items, i =>
            GC.KeepAlive(templates.Render(i.Language, seenBy, seenCategories, endpoint.ComplaintUrl, endpoint.DpoContact)));
        Measure("render the letter, templates parsed per call (BreachLetterRenderer.Render)", items, i =>
            GC.KeepAlive(BreachLetterRenderer.Render(campaign, letters, i.Language, context)));
        Measure("the request's JSON (UTF-8 bytes)", requests, r => GC.KeepAlive(JsonSerializer.SerializeToUtf8Bytes(r, BreachJson.Default.RegistryDeliveryRequest)));
        Measure("the page's audit lines (per row)", [entries], e => GC.KeepAlive(AuditTrail.BreachLedgerLines(campaign.Id, 7, e, DateTimeOffset.UtcNow)), perItem: entries.Length);

        await using var services = ChannelServices(endpoint);
        var client = services.GetRequiredService<IRegistryDelivery>();
        await MeasureAsync("channel client: HttpClient, resilience, handlers (no socket)", requests, async r => GC.KeepAlive(await client.DeliverAsync(Registry, r, CancellationToken.None)));

        var stores = new MemoryBreachStores(campaign, letters) { Keep = false };
        var handler = new BreachPageHandler(stores, stores, new AtOnce(), new OpenStates(),
            TimeProvider.System, Options.Create(new BreachDeliveryOptions { Registries = new(StringComparer.Ordinal) { [Registry] = endpoint } }),
            NullLogger<BreachPageHandler>.Instance);
        var page = new BreachDeliveryPage
        {
            MessageId = "m", CorrelationId = "c", CampaignId = campaign.Id, RunId = campaign.Audience!.RunId, PageNo = 7,
            After = "", Last = items[^1].Key, Count = items.Length, Items = items,
        };
        await MeasureAsync("the page handler, stores in memory, registry answering at once (all threads)", [page],
            p => handler.HandleAsync(p, 1, CancellationToken.None), perItem: items.Length, allThreads: true);
        Console.WriteLine("storage requests per letter in these steps: 0 (in-process work only; ./hub bench breach counts the whole campaign)");
        return 0;
    }

    private static void Measure<T>(string name, T[] items, Action<T> step, int perItem = 1)
    {
        MeasureAsync(name, items, item =>
        {
            step(item);
            return Task.CompletedTask;
        }, perItem).GetAwaiter().GetResult();
    }

    /// <param name="perItem">Letters each item stands for (a page: 200).</param>
    /// <param name="allThreads">Count the whole process's allocations (the page handler delivers in parallel); nothing else runs meanwhile.</param>
    private static async Task MeasureAsync<T>(string name, T[] items, Func<T, Task> step, int perItem = 1, bool allThreads = false)
    {
        for (var round = 0; round < 3; round++)
        {
            foreach (var item in items)
            {
                await step(item); // warm-up: the JIT's tiers, the pools
            }
        }
        const int Rounds = 5;
        var before = allThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var item in items)
            {
                await step(item);
            }
        }
        var after = allThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        var letters = (double)Rounds * items.Length * perItem;
        var stopwatch = Stopwatch.StartNew();
        var timed = 0;
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(1))
        {
            foreach (var item in items)
            {
                await step(item);
            }
            timed++;
        }
        Console.WriteLine($"| {name} | {(after - before) / letters:F0} B | {stopwatch.Elapsed.TotalMicroseconds / (timed * items.Length * perItem):F1} µs |");
    }

    /// <summary>The breach bench's draft (ADR 0034: a text per letter language), running.</summary>
    private static BreachCampaign Campaign()
    {
        var now = DateTimeOffset.UtcNow;
        return new BreachCampaign
        {
            Id = "k2v7q9x4m1c8d3f6",
            Title = "Benchmark breach",
            Description = "CVs were shown where they should not have been.",
            DetectedAt = now,
            WindowFrom = now.AddDays(-2),
            WindowTo = now.AddDays(-1),
            DataCategories = ["cv-text", "work-experience"],
            LikelyConsequencesByLanguage = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["nb"] = "Arbeidsgivere kan vite at du søkte arbeid.", ["nn"] = "Arbeidsgjevarar kan vite at du søkte arbeid.", ["en"] = "Employers may know the person was looking for work.",
            },
            MeasuresTakenByLanguage = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["nb"] = "Tilgangen er stengt.", ["nn"] = "Tilgangen er stengd.", ["en"] = "Access closed.",
            },
            Selector = new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = Registry },
            FallbackLanguage = "en",
            LetterLanguages = ["nb", "nn", "en"],
            ChannelPolicy = new BreachChannelPolicy { Channels = ["digital-mailbox", "paper"] },
            Status = BreachStatus.Running,
            CreatedAt = now,
            Audit = [],
            Audience = new BreachAudienceSummary
            {
                RunId = "run-1", CompletedAt = now, Citizens = PageSize, Records = PageSize, UnresolvedCvs = 0,
                ByRegistry = [], ByLanguage = [], ByChannel = [], ByProtectedStatus = [],
            },
        };
    }

    private static Dictionary<string, BreachLetter> Letters() => new(StringComparer.Ordinal)
    {
        ["nb"] = new("Om CV-en din", "CV-en din ({{exposed}}) ble vist mellom {{from}} og {{to}}. {{measures}} {{consequences}} {{dpo}}"),
        ["nn"] = new("Om CV-en din", "CV-en din ({{exposed}}) vart vist mellom {{from}} og {{to}}. {{measures}} {{consequences}} {{dpo}}"),
        ["en"] = new("About your CV", "Your CV ({{exposed}}) was shown between {{from}} and {{to}}. {{measures}} {{consequences}} {{dpo}}"),
    };

    /// <summary>A page as the bench seeds it: languages nb, nn, en in turn; 1 in 5 secure.</summary>
    private static PageItem[] Page()
    {
        var languages = new[] { "nb", "nn", "en" };
        return [.. Enumerable.Range(0, PageSize).Select(i => new PageItem
        {
            Key = $"c|{Registry}|bench-{i:D7}",
            Language = languages[i % 3],
            Channel = i % 5 == 0 ? BreachChannels.Secure : "digital-mailbox",
        })];
    }

    /// <summary>The hub's registry client as AddHubRegistryDelivery wires it, its primary handler swapped for one that answers 201.</summary>
    private static ServiceProvider ChannelServices(RegistryDeliveryEndpoint endpoint)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddHubRegistryDelivery();
        services.Configure<BreachDeliveryOptions>(o => o.Registries[Registry] = endpoint);
        services.AddHttpClient(RegistryDeliveryClient.ClientName).ConfigurePrimaryHttpMessageHandler(() => new Answers201());
        return services.BuildServiceProvider();
    }

    private static class FakeRegistryDeliveryUrls
    {
        public static readonly string Complaint = IntegrationTests.Breach.FakeRegistryDelivery.ComplaintUrl(Registry);
        public static readonly string Dpo = IntegrationTests.Breach.FakeRegistryDelivery.DpoContact(Registry);
    }

    private sealed class Answers201 : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created) { RequestMessage = request });
    }

    private sealed class AtOnce : IRegistryDelivery
    {
        public Task<RegistryDeliveryOutcome> DeliverAsync(string registry, RegistryDeliveryRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(RegistryDeliveryOutcome.Delivered);
    }

    /// <summary>Every open-channel citizen's state: no protected address, so the channel stays.</summary>
    private sealed class OpenStates : IVisibilityStateStore
    {
        private static readonly VisibilityDecision Decision = new() { Audience = Audience.Nobody, Presentation = Presentation.Anonymous, Searchable = false, Reasons = [] };

        public Task<IReadOnlyDictionary<string, VisibilityState>> GetManyAsync(string registry, IReadOnlyCollection<string> citizenIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, VisibilityState>>(citizenIds.ToDictionary(c => c, c => new VisibilityState
            {
                Registry = registry, CitizenId = c, Decision = Decision, Facts = new CitizenFacts { ProtectedAddress = false, CvPresent = true }, DecidedAt = DateTimeOffset.UnixEpoch,
            }, StringComparer.Ordinal));

        public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
