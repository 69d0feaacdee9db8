using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>
/// A registry's breach-letter delivery endpoint on loopback (contracts/breach-delivery.md): POST /{registry}/deliveries.
/// It honours <c>Idempotency-Key</c> (first time 201, again 200 without delivering), counts the distinct keys and the
/// repeats it absorbed (the letters a hub without the key would have sent twice), checks the key matches the body,
/// and can fail every call with 500. Shared by the integration tests and ./hub bench breach (linked there).
/// </summary>
public sealed class FakeRegistryDelivery : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _duplicates;
    private long _failures;
    private long _lastDeliveredTicks;

    private FakeRegistryDelivery(WebApplication app, bool keepLetters)
    {
        _app = app;
        KeepLetters = keepLetters;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = address.TrimEnd('/');
    }

    public string BaseAddress { get; }

    public bool KeepLetters { get; }

    /// <summary>How long each call takes (a registry's own work), so a crash can land while calls are in flight.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Answer every call 500 (a registry that is down).</summary>
    public bool FailAll { get; set; }

    /// <summary>Delivered letters by idempotency key: the count per key is 1 by construction; the request is kept when <see cref="KeepLetters"/>.</summary>
    public ConcurrentDictionary<string, Letter?> Delivered { get; } = new(StringComparer.Ordinal);

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Calls that repeated a key already delivered: what the key saved the citizen from.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>When the last letter was delivered (201), or null before the first.</summary>
    public DateTimeOffset? LastDeliveredAt => Interlocked.Read(ref _lastDeliveredTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public sealed record Letter(string Registry, string CitizenId, string Channel, string Language, string Subject, string Body, IReadOnlyList<string> PreferredChannels);

    /// <summary>The complaint route the settings give a registry (its letters must carry it).</summary>
    public static string ComplaintUrl(string registry) => $"https://complaints.example/{registry}";

    /// <summary>The DPO contact the settings give a registry.</summary>
    public static string DpoContact(string registry) => $"dpo@{registry}.example";

    /// <summary>The hub settings that point each registry's delivery endpoint here, with its complaint route and DPO (required with it).</summary>
    public Dictionary<string, string?> Settings(params string[] registries) => SettingsAt(BaseAddress, registries);

    /// <summary>The same settings for an endpoint at <paramref name="baseAddress"/> (./hub bench breach runs this fake in a process of its own).</summary>
    public static Dictionary<string, string?> SettingsAt(string baseAddress, params string[] registries)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var r in registries)
        {
            settings[$"Hub:Breach:Registries:{r}:DeliveryUrl"] = $"{baseAddress}/{r}/deliveries";
            settings[$"Hub:Breach:Registries:{r}:ComplaintUrl"] = ComplaintUrl(r);
            settings[$"Hub:Breach:Registries:{r}:DpoContact"] = DpoContact(r);
        }
        return settings;
    }

    public static async Task<FakeRegistryDelivery> StartAsync(bool keepLetters = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [IntegrationHub.DevHost.DevHostApp.NoConfigWatching] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeRegistryDelivery? fake = null;
        app.Run(context => fake!.HandleAsync(context));
        await app.StartAsync();
        fake = new FakeRegistryDelivery(app, keepLetters);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var path = context.Request.Path.Value!.Trim('/').Split('/');
        if (context.Request.Method != "POST" || path is not [var registry, "deliveries"])
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }
        if (FailAll)
        {
            Interlocked.Increment(ref _failures);
            context.Response.StatusCode = 500;
            return;
        }
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length == 0 || key != root.GetProperty("idempotencyKey").GetString()
            || key != root.GetProperty("campaignId").GetString() + ":" + root.GetProperty("citizenId").GetString())
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("Idempotency-Key must be {campaignId}:{citizenId} and equal the body's idempotencyKey");
            return;
        }
        var letter = KeepLetters
            ? new Letter(registry, root.GetProperty("citizenId").GetString()!, root.GetProperty("channel").GetString()!, root.GetProperty("language").GetString()!,
                root.GetProperty("subject").GetString()!, root.GetProperty("body").GetString()!,
                [.. root.GetProperty("preferredChannels").EnumerateArray().Select(c => c.GetString()!)])
            : null;
        if (!Delivered.TryAdd(key, letter))
        {
            Interlocked.Increment(ref _duplicates);
            context.Response.StatusCode = 200;
            return;
        }
        Interlocked.Exchange(ref _lastDeliveredTicks, DateTimeOffset.UtcNow.UtcTicks);
        context.Response.StatusCode = 201;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
