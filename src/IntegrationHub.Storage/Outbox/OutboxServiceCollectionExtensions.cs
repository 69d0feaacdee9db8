using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Outbox;

/// <summary>The visibility state's outbox: one partition per configured registry.</summary>
public sealed class VisibilityOutboxSource(IOptions<HubOptions> hub) : IOutboxSource
{
    public string Table => StorageNames.VisibilityTable;

    public IEnumerable<string> Partitions() => hub.Value.Registries.Keys;
}

public static class OutboxServiceCollectionExtensions
{
    /// <summary>The relay, its sources and the sink chosen by "Hub:Outbox:Sink".</summary>
    public static IServiceCollection AddHubOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IOutboxSource, VisibilityOutboxSource>();
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<TableEventSink>();
        services.AddSingleton<IOutboundEventSink>(sp => sp.GetRequiredService<IOptions<OutboxOptions>>().Value.Sink switch
        {
            OutboxSinkKind.Table => sp.GetRequiredService<TableEventSink>(),
            var other => throw new InvalidOperationException($"Hub:Outbox:Sink '{other}' has no publisher in this build."),
        });
        return services;
    }
}
