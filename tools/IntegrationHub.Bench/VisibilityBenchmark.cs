using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.DevHost;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench visibility: consent and status sources POST a stream of mixed citizen events in batches through the dev
/// host for a fixed time, for citizens whose CVs are already known; each visibility change is followed to its
/// CvVisibilityChanged row in the outbound sink. In the same run, the raw Azurite floor writes the same facts straight
/// with the SDK (a ledger row per event, the state rows in one batch), and a second floor makes the storage calls the
/// hub makes per event against the hub's own, equally full tables.
/// </summary>
internal static class VisibilityBenchmark
{
    private const string Registry = BenchHost.Registry;
    private const string Source = "urn:bench:case-system";
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A change of what employers see that event <paramref name="Event"/> of the stream asked for, and when its POST was sent and answered.</summary>
    private readonly record struct Change(int Citizen, long Event, bool Visible, DateTimeOffset Sent, DateTimeOffset Answered);

    public static async Task<int> RunAsync(string root, int seconds, int concurrency, int citizens, int batch)
    {
        Console.Error.WriteLine($"visibility benchmark: {citizens} citizens, {batch} events per POST, {seconds}s per phase, {concurrency} concurrent senders; starting Azurite");
        await using var azurite = await LocalAzurite.StartAsync(root);
        await using var host = await BenchHost.StartAsync(azurite);
        var cpu = new CpuMeter(azurite.ProcessIds);

        // Setup, timed on its own: each citizen's CV is known and a status snapshot makes it visible to employers.
        var seed = Stopwatch.StartNew();
        var (cvIds, stateJson) = await SeedAsync(host.App.Services, citizens, concurrency);
        seed.Stop();
        Console.Error.WriteLine($"setup: {citizens} citizens seeded through the hub's stores in {seed.Elapsed.TotalSeconds:F1} s");

        var hubStorage = host.App.Services.GetRequiredService<HubStorage>();
        var hubLedger = hubStorage.Table(VisibilityTables.CitizenEventsTable);
        var hubStates = hubStorage.Table(VisibilityTables.VisibilityTable);
        var probe = await ProbeAsync(hubLedger, hubStates, citizens);

        // Phase 1: the raw floor, on tables of its own. Phase 2: the hub's storage calls, on the hub's tables.
        var raw = BenchHost.Storage(azurite, "raw");
        var rawLedger = raw.Table(VisibilityTables.CitizenEventsTable);
        var rawStates = raw.Table(VisibilityTables.VisibilityTable);
        await rawLedger.CreateIfNotExistsAsync();
        await rawStates.CreateIfNotExistsAsync();
        await LoadRun.RunAsync("warm-up raw", TimeSpan.FromSeconds(2), concurrency, i => RawWrite(rawLedger, rawStates, (i + 1_000_000) * batch, batch, citizens, cvIds, stateJson));
        var rawBefore = StorageCost.Read(raw);
        var floor = await Measured(cpu, () => LoadRun.RunAsync("raw floor", TimeSpan.FromSeconds(seconds), concurrency, i => RawWrite(rawLedger, rawStates, i * batch, batch, citizens, cvIds, stateJson)));
        var rawRequests = StorageCost.Read(raw) - rawBefore;
        // On the hub's own clients: the hub's idle pollers of that time are in it too.
        var sameBefore = StorageCost.Read(host);
        var same = await Measured(cpu, () => LoadRun.RunAsync("raw, the hub's storage calls", TimeSpan.FromSeconds(seconds), concurrency, i => RawHubOps(hubLedger, hubStates, i * batch, batch, citizens, stateJson)));
        var sameRequests = StorageCost.Read(host) - sameBefore;

        // Phase 3: the hub, over real HTTP, with the outbox relay publishing to the table sink every second.
        using var http = host.Client(BenchHost.ConsentSourceClient, HubRoles.ConsentWrite, concurrency);
        var stream = new StreamPosition();
        var (ledgerRows, stateRows) = (await CountAsync(hubLedger), await CountAsync(hubStates));
        await LoadRun.RunAsync("warm-up hub", TimeSpan.FromSeconds(2), concurrency, _ => Post(http, stream, batch, citizens, new ConcurrentQueue<Change>()));
        var changes = new ConcurrentQueue<Change>();
        var hubBefore = StorageCost.Read(host);
        var hub = await Measured(cpu, () => LoadRun.RunAsync("hub events", TimeSpan.FromSeconds(seconds), concurrency, _ => Post(http, stream, batch, citizens, changes)));

        // Downstream: until the outbox is empty, then every tracked change is looked up in the sink.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromMinutes(5) && await OutboxWaitingAsync(hubStates))
        {
            await Task.Delay(250);
        }
        drain.Stop();
        // Events and their downstream work to an empty outbox (the drain's own outbox queries, one per 250 ms, among them).
        var hubRequests = StorageCost.Read(host) - hubBefore;
        var (fromAnswer, fromDecision, overlapped, unconverged) = await OutboundLatenciesAsync(hubStorage.Table(OutboxTables.OutboundEventsTable), changes, cvIds);

        Console.WriteLine();
        Console.WriteLine($"| phase | batches of {batch} | events | errors | events per second | p50 ms per batch | p99 ms per batch | CPU ms/event .NET | CPU ms/event Azurite |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in new[] { floor, same, hub })
        {
            Console.WriteLine($"| {r.Name} | {r.Operations} | {r.Operations * batch} | {r.Errors} | {r.PerSecond * batch:F0} | {r.Percentile(50):F1} | {r.Percentile(99):F1} | {r.CpuPerOperation.HubMs / batch:F2} | {r.CpuPerOperation.AzuriteMs / batch:F2} |");
        }
        Console.WriteLine();
        Console.WriteLine($"ratio hub / raw floor: {hub.PerSecond / floor.PerSecond:F2}; hub / raw with the hub's storage calls: {hub.PerSecond / same.PerSecond:F2}");
        StorageCost.Print("event", ("hub (events and the relay)", hubRequests, (long)hub.Operations * batch), ("raw floor", rawRequests, (long)floor.Operations * batch),
            ("raw, the hub's storage calls", sameRequests, (long)same.Operations * batch));
        Console.WriteLine($"Azurite, one caller, after setup ({citizens} ledger rows, {3 * citizens} visibility rows): point read {probe.PointMs:F1} ms, " +
            $"ledger partition query {probe.LedgerQueryMs:F1} ms, the relay's outbox query {probe.OutboxQueryMs:F1} ms");
        Console.WriteLine($"hub tables when the hub phase started: {ledgerRows} ledger rows, {stateRows} visibility rows");
        Console.WriteLine($"{fromAnswer.Length} of {changes.Count} visibility changes found in OutboundEvents; {overlapped} not, each overlapped by another event " +
            $"of its citizen in a POST running at the same time (decided by event time, the pair cancels out: nothing to publish); {changes.Count - fromAnswer.Length - overlapped} missing otherwise");
        Console.WriteLine($"{unconverged} citizens whose last published visibility is not what their newest event says");
        Console.WriteLine($"POST answered -> CvVisibilityChanged written: p50 {Percentile(fromAnswer, 50):F0} ms, p99 {Percentile(fromAnswer, 99):F0} ms, max {Percentile(fromAnswer, 100):F0} ms");
        Console.WriteLine($"decided (state and outbox row committed) -> CvVisibilityChanged written: p50 {Percentile(fromDecision, 50):F0} ms, p99 {Percentile(fromDecision, 99):F0} ms, max {Percentile(fromDecision, 100):F0} ms");
        Console.WriteLine($"outbox empty {drain.Elapsed.TotalSeconds:F1} s after the load stopped; setup {seed.Elapsed.TotalSeconds:F0} s for {citizens} citizens");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        return hub.Errors == 0 && fromAnswer.Length + overlapped == changes.Count && unconverged == 0 ? 0 : 1;
    }

    private static async Task<LoadRun.Result> Measured(CpuMeter cpu, Func<Task<LoadRun.Result>> run) => await IntakeBenchmark.Measured(cpu, run);

    private static string Citizen(int c) => $"citizen-{c:D7}";

    /// <summary>
    /// Writes what the hub holds for a citizen whose CV has been projected and whose status snapshot has arrived: the
    /// snapshot in the ledger and the decision (visible to employers) in the state, through the hub's own stores. It
    /// skips the ledger read a recomputation makes (see docs/benchmarks.md: that read scans the whole table in Azurite).
    /// No outbound events: the seeded state counts as already published.
    /// </summary>
    private static async Task<(string[] CvIds, string StateJson)> SeedAsync(IServiceProvider services, int citizens, int concurrency)
    {
        var ledger = services.GetRequiredService<ICitizenEventLedger>();
        var states = services.GetRequiredService<IVisibilityStateStore>();
        var policy = VisibilityPolicies.For("NO");
        var cvIds = new string[citizens];
        var stateJson = "";
        await Parallel.ForEachAsync(Enumerable.Range(0, citizens), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (c, cancellationToken) =>
        {
            var snapshot = new CitizenEvent
            {
                Id = $"seed-{c}",
                Registry = Registry,
                CitizenId = Citizen(c),
                Type = CitizenEventTypes.StatusSnapshot,
                Source = Source,
                Time = Start,
                Facts = new Dictionary<CitizenFact, FactValue>
                {
                    [CitizenFact.ConsentToEmployers] = new(true),
                    [CitizenFact.WorkOrientedBenefit] = new(false),
                    [CitizenFact.ReducedWorkCapacityBenefit] = new(false),
                    [CitizenFact.AgreedToShowDespiteReducedCapacity] = new(false),
                    [CitizenFact.JobReady] = new(true),
                    [CitizenFact.ProtectedAddress] = new(false),
                },
            };
            await ledger.AppendAsync(snapshot, cancellationToken);
            var cv = new CvInForce(cvIds[c] = HubIds.NewRandomId(), Publication: "open", LastCitizenActivityAt: null);
            var facts = FactLedger.Fold([snapshot]).ToCitizenFacts(cvPresent: true, cv.Publication, cv.LastCitizenActivityAt);
            var now = DateTimeOffset.UtcNow;
            var state = new VisibilityState
            {
                Registry = Registry,
                CitizenId = snapshot.CitizenId,
                Cv = cv,
                Facts = facts,
                Decision = policy.Decide(facts, now),
                DecidedAt = now,
                ExposedSince = now,
                Sequence = 1,
            };
            if (!await states.TryWriteAsync(state, previous: null, outbound: [], cancellationToken))
            {
                throw new InvalidOperationException($"Seeding {snapshot.CitizenId} found a state already there.");
            }
            if (c == 0)
            {
                stateJson = JsonSerializer.Serialize(state, VisibilityJson.Default.VisibilityState);
            }
        });
        return (cvIds, stateJson);
    }

    /// <summary>
    /// Event <paramref name="j"/> of the stream: citizens in turn, each with one kind of event that alternates between
    /// hiding and showing (benefit, protected address, consent, snapshot), or that changes no employer visibility
    /// (publication, which changes the presentation; activity, which changes nothing employers see).
    /// </summary>
    private static (int Citizen, string Json, bool? Visible) Event(long j, int citizens)
    {
        var c = (int)(j % citizens);
        var round = j / citizens;
        var hide = round % 2 == 0;
        var (type, data, flips) = (c % 6) switch
        {
            0 => (hide ? "benefit.work-oriented.started" : "benefit.work-oriented.ended", null, true),
            1 => (hide ? "protected-address.set" : "protected-address.lifted", null, true),
            2 => (hide ? "consent.withdrawn" : "consent.granted", """{"purpose":"employers"}""", true),
            3 => ("status.snapshot", $$"""{"consentToEmployers":true,"workOrientedBenefit":{{(hide ? "true" : "false")}},"reducedWorkCapacityBenefit":false,"agreedToShowDespiteReducedCapacity":false,"jobReady":true,"protectedAddress":false}""", true),
            4 => ("publication.changed", hide ? """{"publication":"anonymous"}""" : """{"publication":"open"}""", false),
            _ => ("active", (string?)null, false),
        };
        var time = Start.AddMinutes(round + 1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var json = $$"""{"specversion":"1.0","id":"bench-{{j}}","source":"{{Source}}","type":"{{CitizenEventTypes.Prefix}}{{type}}","subject":"{{Citizen(c)}}","time":"{{time}}"{{(data is null ? "" : ",\"data\":" + data)}}}""";
        return (c, json, flips ? !hide : null);
    }

    /// <summary>The next events of the stream; shared by the warm-up and the measured phase so no event repeats.</summary>
    private sealed class StreamPosition
    {
        private long _next;

        public long Take(int count) => Interlocked.Add(ref _next, count) - count;
    }

    private static async Task<bool> Post(HttpClient http, StreamPosition stream, int batch, int citizens, ConcurrentQueue<Change> changes)
    {
        var first = stream.Take(batch);
        var body = new StringBuilder(batch * 300).Append('[');
        var flips = new List<(int Citizen, long Event, bool Visible)>(batch);
        for (var k = 0; k < batch; k++)
        {
            var (citizen, json, visible) = Event(first + k, citizens);
            body.Append(k == 0 ? "" : ",").Append(json);
            if (visible is { } v)
            {
                flips.Add((citizen, first + k, v));
            }
        }
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Append(']').ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents-batch+json");
        var sent = DateTimeOffset.UtcNow;
        using var response = await http.PostAsync("api/consent-events", content);
        var answered = DateTimeOffset.UtcNow;
        var results = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || results.Contains("\"rejected\"", StringComparison.Ordinal) || results.Contains("\"duplicate\"", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var (citizen, j, visible) in flips)
        {
            changes.Enqueue(new Change(citizen, j, visible, sent, answered));
        }
        return true;
    }

    /// <summary>The same facts straight with the SDK: one ledger row per event, and the batch's state rows in one transaction.</summary>
    private static async Task<bool> RawWrite(TableClient ledger, TableClient states, long first, int batch, int citizens, string[] cvIds, string stateJson)
    {
        var rows = new List<TableTransactionAction>(batch);
        for (var k = 0; k < batch; k++)
        {
            var (c, json, _) = Event(first + k, citizens);
            await ledger.AddEntityAsync(LedgerRow($"{Registry}|{Citizen(c)}", first + k, json));
            rows.Add(new(TableTransactionActionType.UpsertReplace, StateRow(Registry, Citizen(c), cvIds[c], stateJson)));
        }
        await states.SubmitTransactionAsync(rows);
        return true;
    }

    /// <summary>
    /// The storage calls the hub makes per event, without HTTP, auth, parsing or deciding: the ledger insert, then per
    /// citizen a state read, the ledger partition query, and one transaction (state; for a visibility change also a
    /// history row, an exposure row and an outbox row). On the hub's own tables (partition "floor"), so Azurite's
    /// queries scan as many rows as the hub's do.
    /// </summary>
    private static async Task<bool> RawHubOps(TableClient ledger, TableClient states, long first, int batch, int citizens, string stateJson)
    {
        const string partition = "floor";
        var events = new (int Citizen, string Json, bool? Visible)[batch];
        for (var k = 0; k < batch; k++)
        {
            events[k] = Event(first + k, citizens);
            await ledger.AddEntityAsync(LedgerRow($"{partition}|{Citizen(events[k].Citizen)}", first + k, events[k].Json));
        }
        for (var k = 0; k < batch; k++)
        {
            var citizen = Citizen(events[k].Citizen);
            await states.GetEntityIfExistsAsync<TableEntity>(partition, citizen);
            await foreach (var _ in ledger.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition + "|" + citizen}"), select: ["Event"]))
            {
            }
            List<TableTransactionAction> actions = [new(TableTransactionActionType.UpsertReplace, StateRow(partition, citizen, "cv", stateJson))];
            if (events[k].Visible is not null)
            {
                var key = (first + k).ToString("D19", CultureInfo.InvariantCulture);
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, $"{citizen}|{key}") { ["Interval"] = stateJson, ["Audience"] = "Employers", ["From"] = DateTimeOffset.UtcNow }));
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, $"~exp|{key}|{citizen}") { ["CitizenId"] = citizen, ["CvId"] = "cv", ["From"] = DateTimeOffset.UtcNow, ["ToTicks"] = long.MaxValue }));
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, $"~out|{citizen}|{key}|000") { ["EventId"] = key, ["Type"] = CvVisibilityChanged.EventType, ["Data"] = events[k].Json }));
            }
            await states.SubmitTransactionAsync(actions);
        }
        return true;
    }

    private static TableEntity LedgerRow(string partition, long j, string json) =>
        new(partition, j.ToString("D40", CultureInfo.InvariantCulture)) { ["Type"] = "bench", ["EventTime"] = Start, ["Event"] = json };

    private static TableEntity StateRow(string partition, string citizen, string cvId, string stateJson) => new(partition, citizen)
    {
        ["State"] = stateJson,
        ["Audience"] = "Employers",
        ["Searchable"] = true,
        ["CvId"] = cvId,
        ["NextInactivityTicks"] = long.MaxValue,
    };

    /// <summary>One caller's time for a state point read, a ledger partition query, and the relay's outbox query (nothing waiting).</summary>
    private static async Task<(double PointMs, double LedgerQueryMs, double OutboxQueryMs)> ProbeAsync(TableClient ledger, TableClient states, int citizens)
    {
        const int calls = 20;
        async Task<double> Time(Func<int, Task> call)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                await call(i * (citizens / calls));
            }
            return watch.Elapsed.TotalMilliseconds / calls;
        }
        var point = await Time(async c => await states.GetEntityIfExistsAsync<TableEntity>(Registry, Citizen(c)));
        var query = await Time(async c =>
        {
            await foreach (var _ in ledger.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Registry + "|" + Citizen(c)}")))
            {
            }
        });
        var outbox = await Time(async _ => await OutboxWaitingAsync(states));
        return (point, query, outbox);
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count++;
        }
        return count;
    }

    private static async Task<bool> OutboxWaitingAsync(TableClient states)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Registry} and RowKey ge {Storage.Outbox.OutboxRows.Prefix} and RowKey lt {Storage.Outbox.OutboxRows.End}");
        await foreach (var _ in states.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"]))
        {
            return true;
        }
        return false;
    }

    /// <summary>
    /// For each tracked change, the CvVisibilityChanged row of that CV with the expected visibility whose decision time
    /// falls within the POST (decided before the answer); milliseconds from the answer, and from the decision, to the
    /// row's write (its Timestamp). A batch's citizens are decided one after another, so an early one can be published
    /// before its POST has answered: time from the answer can be negative.
    /// A change with no row is "overlapped" when a POST with another event of the same citizen ran at the same time: the
    /// hub decides by the events' own times, so when the newer event is decided first it finds the visibility it asks for
    /// already in force, the older one then changes nothing, and neither is published (a hide and the show after it
    /// cancel out). Few citizens and many senders make this common
    /// (200 citizens, 16 POSTs of 20 events in flight: a citizen's consecutive events are often in flight together). What
    /// must hold then is convergence: each citizen's last published visibility (the seeded one, visible, when none was
    /// published) is what the citizen's newest event says.
    /// </summary>
    private static async Task<(double[] FromAnswer, double[] FromDecision, int Overlapped, int Unconverged)> OutboundLatenciesAsync(
        TableClient outbound, IReadOnlyCollection<Change> changes, string[] cvIds)
    {
        var published = new Dictionary<string, List<(DateTimeOffset ChangedAt, bool Visible, DateTimeOffset Written)>>(StringComparer.Ordinal);
        await foreach (var row in outbound.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {OutboundTopics.CvVisibility}")))
        {
            using var data = JsonDocument.Parse(row.GetString("Data"));
            var entry = (data.RootElement.GetProperty("changedAt").GetDateTimeOffset(), data.RootElement.GetProperty("visibleToEmployers").GetBoolean(), row.Timestamp!.Value);
            var key = row.GetString("SessionKey");
            if (!published.TryGetValue(key, out var list))
            {
                published[key] = list = [];
            }
            list.Add(entry);
        }
        var byCitizen = changes.GroupBy(c => c.Citizen).ToDictionary(g => g.Key, g => g.ToList());
        var (fromAnswer, fromDecision, overlapped) = (new List<double>(), new List<double>(), 0);
        foreach (var change in changes)
        {
            if (published.TryGetValue(cvIds[change.Citizen], out var list)
                && list.FirstOrDefault(p => p.Visible == change.Visible && p.ChangedAt >= change.Sent && p.ChangedAt <= change.Answered) is { Written: var written } match
                && written != default)
            {
                fromAnswer.Add((written - change.Answered).TotalMilliseconds);
                fromDecision.Add((written - match.ChangedAt).TotalMilliseconds);
            }
            else if (byCitizen[change.Citizen].Any(o => o.Event != change.Event && o.Sent < change.Answered && change.Sent < o.Answered))
            {
                overlapped++;
            }
        }
        var unconverged = 0;
        foreach (var (citizen, own) in byCitizen)
        {
            var newest = own.MaxBy(c => c.Event);
            var last = published.TryGetValue(cvIds[citizen], out var list) && list.Count > 0 ? list.MaxBy(p => p.ChangedAt).Visible : true;
            unconverged += last == newest.Visible ? 0 : 1;
        }
        return ([.. fromAnswer.Order()], [.. fromDecision.Order()], overlapped, unconverged);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
