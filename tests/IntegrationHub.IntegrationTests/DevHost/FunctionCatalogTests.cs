using System.Reflection;
using System.Text.Json;
using IntegrationHub.DevHost;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.IntegrationTests.DevHost;

/// <summary>The dev host serves exactly the functions the Functions app declares, as the build's functions.metadata lists them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionCatalogTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubTestHost _host = null!;

    public async Task InitializeAsync() => _host = await HubTestHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Every [Function] method, found independently of the hub's catalog.</summary>
    private static List<(string Name, Type Trigger)> DeclaredFunctions() =>
        typeof(HubFunctionCatalog).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()!.Name,
                m.GetParameters().Select(p => p.GetCustomAttributes().FirstOrDefault(a => a is HttpTriggerAttribute or QueueTriggerAttribute or TimerTriggerAttribute)?.GetType()).Single(t => t is not null)!))
            .ToList();

    [Fact]
    public void DevHost_ServesEveryDeclaredFunction()
    {
        var declared = DeclaredFunctions();
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.Select(e => e.DisplayName).ToHashSet();
        var hosted = _host.Services.GetServices<IHostedService>().ToList();
        var listeners = hosted.OfType<QueueTriggerListener>().Select(l => l.FunctionName).ToHashSet();
        var timers = hosted.OfType<TimerTriggerScheduler>().Select(t => t.FunctionName).ToHashSet();

        Assert.NotEmpty(declared);
        foreach (var (name, trigger) in declared)
        {
            var served = trigger == typeof(HttpTriggerAttribute) ? endpoints.Contains(name)
                : trigger == typeof(QueueTriggerAttribute) ? listeners.Contains(name)
                : timers.Contains(name);
            Assert.True(served, $"Function '{name}' ({trigger.Name}) is not served by the dev host.");
        }
        Assert.Equal(declared.Count, endpoints.Count(e => declared.Any(d => d.Name == e)) + listeners.Count + timers.Count);
    }

    [Fact]
    public void FunctionsMetadata_FromTheBuild_ListsTheSameTriggers()
    {
        var configuration = typeof(FunctionCatalogTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var path = RepoPaths.Combine("functions", "IntegrationHub.FunctionApp", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution (./hub test does) before running this test.");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));

        var fromBuild = metadata.RootElement.EnumerateArray().Select(f =>
        {
            var trigger = f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            return string.Join(" ",
                f.GetProperty("name").GetString(),
                f.GetProperty("entryPoint").GetString(),
                trigger.GetProperty("type").GetString(),
                trigger.TryGetProperty("route", out var r) ? r.GetString() : "",
                trigger.TryGetProperty("methods", out var m) ? string.Join(",", m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant())) : "",
                trigger.TryGetProperty("queueName", out var q) ? q.GetString() : "",
                trigger.TryGetProperty("schedule", out var s) ? s.GetString() : "");
        }).Order(StringComparer.Ordinal).ToList();
        var fromCatalog = new HubFunctionCatalog().Functions.Select(f => string.Join(" ",
            f.Name,
            f.EntryPoint,
            f.Trigger switch { TriggerKind.Http => "httpTrigger", TriggerKind.Queue => "queueTrigger", _ => "timerTrigger" },
            f.Route ?? "",
            string.Join(",", f.HttpMethods),
            f.QueueName ?? "",
            f.Schedule ?? "")).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(fromCatalog, fromBuild);
    }
}
