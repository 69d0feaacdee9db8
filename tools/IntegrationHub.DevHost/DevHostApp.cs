using IntegrationHub.Functions.Hosting;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.DevHost;

/// <summary>
/// The hub's local host: the same function classes and wiring as the Functions app, served by Kestrel (HTTP),
/// queue listeners on Azurite and timer schedulers, all read from the functions' own attributes.
/// </summary>
public static class DevHostApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>
    /// Turns off the host's watching of appsettings.json and user secrets. The hub reads its settings once at start,
    /// as the Functions host does (which restarts on a settings change). On Linux each watcher holds an inotify
    /// instance, 128 per user by default, and a test run starts many hosts side by side (ADR 0064).
    /// </summary>
    public const string NoConfigWatching = "--hostBuilder:reloadConfigOnChange=false";

    /// <param name="args">Command-line arguments (for example --urls, --environment).</param>
    /// <param name="configure">Lets tests add settings before the hub is wired.</param>
    /// <param name="configureServices">Lets tests adjust services after the hub is wired.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var environmentArg = ArgumentValue(args, "--environment");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [NoConfigWatching, .. args],
            ContentRootPath = ArgumentValue(args, "--contentRoot"),
            EnvironmentName = environmentArg
                ?? Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environments.Development,
        });
        // As the Functions host: local.settings.json Values first, then environment variables and the command line win.
        var localSettings = LocalSettings.Read(Path.Combine(builder.Environment.ContentRootPath, "local.settings.json")).ToList();
        if (localSettings.Count > 0)
        {
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = localSettings });
        }
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        configure?.Invoke(builder);

        var configuration = builder.Configuration;
        var hostJson = HostJson.Load(builder.Configuration["DevHost:HostJson"] ?? Path.Combine(AppContext.BaseDirectory, "host.json"), key => configuration[key]);
        builder.Services.AddSingleton(hostJson);
        builder.Services.AddHub(builder.Configuration, builder.Environment);
        builder.Services.AddMvcCore();
        configureServices?.Invoke(builder.Services);

        var catalog = new HubFunctionCatalog();
        foreach (var function in catalog.Functions)
        {
            switch (function.Trigger)
            {
                case TriggerKind.Queue:
                    FunctionInvoker.EnsureBindable(function, _ => true);
                    builder.Services.AddSingleton<IHostedService>(sp => new QueueTriggerListener(
                        function,
                        ResolveSetting(builder.Configuration, function.QueueName!),
                        sp.GetRequiredService<HubStorage>(),
                        sp.GetRequiredService<IServiceScopeFactory>(),
                        hostJson.Queues,
                        sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Function.{function.Name}"),
                        // Crash tests shorten it so a killed instance's messages come back within the test (ADR 0025).
                        int.TryParse(configuration["DevHost:InFlightLeaseSeconds"], out var lease) && lease > 0 ? TimeSpan.FromSeconds(lease) : null));
                    break;
                case TriggerKind.Timer:
                    FunctionInvoker.EnsureBindable(function, p => p.ParameterType == typeof(Microsoft.Azure.Functions.Worker.TimerInfo) || p.ParameterType == typeof(CancellationToken));
                    // Every timer is a singleton across instances, behind the host's listener lock (ADR 0025).
                    builder.Services.AddSingleton<IHostedService>(sp => new TimerTriggerScheduler(
                        function,
                        sp.GetRequiredService<IServiceScopeFactory>(),
                        sp.GetRequiredService<TimeProvider>(),
                        sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Function.{function.Name}"),
                        new ListenerLock(sp.GetRequiredService<HubStorage>().Blobs, HostId(configuration, sp.GetRequiredService<HubStorage>().Prefix), function.Name, hostJson.Singleton.ListenerLockPeriod),
                        hostJson.Singleton));
                    break;
            }
        }

        var app = builder.Build();
        HttpFunctionEndpoints.Map(app, catalog, hostJson.RoutePrefix);
        app.MapGet("/", () => Results.Text(
            "IntegrationHub dev host. HTTP functions:\n" + string.Join("\n",
                catalog.Functions.Where(f => f.Trigger == TriggerKind.Http)
                    .Select(f => $"  {string.Join(",", f.HttpMethods.DefaultIfEmpty("ANY")),-7} /{hostJson.RoutePrefix}/{f.Route}  ({f.Name})")) + "\n"));
        return app;
    }

    /// <summary>
    /// The host id that names the lock blobs: the app setting AzureFunctionsWebHost__hostid, as in the Functions host
    /// (learn.microsoft.com, "App settings reference for Azure Functions", AzureFunctionsWebHost__hostid). Unset, the
    /// dev host uses "integrationhub-dev" plus the storage name prefix (assumed, ADR 0025), so instances on one store
    /// share their timers and test hosts on other prefixes do not; lower case, at most 32 characters as the host's ids.
    /// </summary>
    public static string HostId(IConfiguration configuration, string storagePrefix)
    {
        var configured = configuration["AzureFunctionsWebHost:hostid"];
        var id = !string.IsNullOrWhiteSpace(configured) ? configured
            : storagePrefix.Length == 0 ? "integrationhub-dev"
            : "integrationhub-dev-" + storagePrefix;
        id = id.ToLowerInvariant();
        return id.Length > 32 ? id[..32] : id;
    }

    private static string? ArgumentValue(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>"%Name%" in a trigger attribute names an app setting, as in the Functions host.</summary>
    internal static string ResolveSetting(IConfiguration configuration, string value) =>
        value.Length > 2 && value[0] == '%' && value[^1] == '%'
            ? configuration[value[1..^1]] ?? throw new InvalidOperationException($"App setting '{value[1..^1]}' (used by a trigger) is not set.")
            : value;
}
