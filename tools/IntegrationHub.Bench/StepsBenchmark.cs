using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Functions.Http;

namespace IntegrationHub.Bench;

/// <summary>./hub bench steps: CPU cost of each in-process step of intake, per CV, single-threaded (no I/O).</summary>
internal static class StepsBenchmark
{
    /// <param name="count">CVs in the corpus (default 2,000); allocations per CV do not depend on it, so a small run gives them.</param>
    public static int Run(string root, int count)
    {
        var corpus = CvCorpus.Build(root, count);
        var documents = corpus.Select(d => JsonDocument.Parse(d)).ToArray();
        var stub = new StoredCv
        {
            Registry = "nav", CvId = "x", ExternalId = "x", CitizenId = "x", Version = 1, ContentHash = "x",
            DocumentName = "x", UpdatedAt = DateTimeOffset.UtcNow, NationalIdFindings = [],
        };
        Console.WriteLine($"| step | time per CV (CPU, single thread) | allocated per CV |");
        Console.WriteLine("|---|---|---|");
        Measure("parse JSON", corpus, d => JsonDocument.Parse(d).Dispose());
        // What POST /api/cvs does with the body before the handler: UTF-8, parse, keys unique, text rules (issue 15).
        Measure("JSON body checks (parse included)", corpus, d => JsonBody.Check(d, singleLine: null).Document!.Dispose());
        // The same through JsonBody.ReadAsync: content type, length, reading the request stream (here a MemoryStream; Kestrel's differs).
        var requests = corpus.Select(d =>
        {
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = d.Length;
            context.Request.Body = new MemoryStream(d, writable: false);
            return context.Request;
        }).ToArray();
        Measure("JSON body read + checks (JsonBody.ReadAsync)", requests, r =>
        {
            r.Body.Position = 0;
            JsonBody.ReadAsync(r, CancellationToken.None).GetAwaiter().GetResult().Document!.Dispose();
        });
        Measure("schema validation", documents, d => CvSchemaValidator.Instance.Validate(d.RootElement));
        Measure("canonical JSON + SHA-256", documents, d => CanonicalJson.Hash(CanonicalJson.Write(d.RootElement, "version")));
        Measure("national-ID scan", documents, d => NationalIdScanner.Scan(d.RootElement));
        Measure("facts projection", documents, d => CvFactsBuilder.Build(stub, d.RootElement));
        // Every step above in one call, as POST /api/cvs runs them (body checks, then the handler), with a store that does no I/O.
        var handler = new CvIntakeHandler(new NoIoCvStore(), new NewCvGuess(), TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new Core.Callers.HubOptions
            {
                Registries = new(StringComparer.Ordinal) { ["nav"] = new Core.Callers.RegistrySettings { Jurisdiction = "NO" } },
            }),
            Microsoft.Extensions.Options.Options.Create(new ClockOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CvIntakeHandler>.Instance);
        Measure("all of the above: body checks + handler (store without I/O)", corpus, d =>
        {
            using var body = JsonBody.Check(d, singleLine: null).Document!;
            handler.SubmitAsync(new SubmitCv { Registry = "nav", Document = body.RootElement, CorrelationId = "bench" }, CancellationToken.None)
                .GetAwaiter().GetResult();
        });

        // Job-ad intake steps, on the example ad (targets all four boards).
        var example = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(root, "contracts", "examples", "jobad.json")))!.AsObject();
        example["targets"] = new System.Text.Json.Nodes.JsonArray("nav", "jobnet", "finn", "eures");
        var ads = new[] { JsonDocument.Parse(example.ToJsonString()) };
        var ad = ads[0].RootElement.Deserialize(JobAdsJson.Default.JobAdDocument)!;
        Measure("job ad: schema validation", ads, d => Core.JobAds.JobAdIntakeHandler.Validator.Validate(d.RootElement));
        Measure("job ad: read into the record", ads, d => d.RootElement.Deserialize(JobAdsJson.Default.JobAdDocument));
        Measure("job ad: sanitise the HTML", ads, _ => Core.JobAds.AdTextSanitizer.Sanitize(ad.AdText));
        Measure("job ad: render for 4 boards", ads, _ =>
        {
            foreach (var renderer in Core.JobAds.Boards.BoardRenderers.All)
            {
                GC.KeepAlive(renderer.Render("abcdefghijklmnopqrstuvwxyz", ad).Hash);
            }
        });
        // Issue 18 asks every mode for storage requests per operation: these steps make none (no I/O); see ./hub bench intake.
        Console.WriteLine("storage requests per CV in these steps: 0 (in-process work only; ./hub bench intake counts the whole intake)");
        return 0;
    }

    private static void Measure<T>(string name, T[] items, Action<T> step)
    {
        foreach (var item in items.Take(Math.Max(1, Math.Min(200, items.Length / 2))))
        {
            step(item); // warm-up
        }
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (var item in items)
        {
            step(item);
        }
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / items.Length;
        var stopwatch = Stopwatch.StartNew();
        var rounds = 0;
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(2))
        {
            foreach (var item in items)
            {
                step(item);
            }
            rounds++;
        }
        Console.WriteLine($"| {name} | {stopwatch.Elapsed.TotalMicroseconds / (rounds * items.Length):F0} µs | {allocated / 1024.0:F1} KB |");
    }
}
