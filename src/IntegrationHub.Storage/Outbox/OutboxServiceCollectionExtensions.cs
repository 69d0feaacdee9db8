using IntegrationHub.Core.Outbox;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>The relay, its sources and the sink chosen by "Hub:Outbox:Sink".</summary>
    public static IServiceCollection AddHubOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxConnectionValidation>();
        services.AddSingleton<IOutboxSource, VisibilityOutboxSource>();
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<IOutboxRelay>(sp => sp.GetRequiredService<OutboxRelay>());
        services.AddSingleton<TableEventSink>();
        services.AddSingleton(sp => new ServiceBusEventSink(
            ServiceBusConnection.CreateClient(
                sp.GetRequiredService<IConfiguration>(),
                sp.GetRequiredService<IOptions<OutboxOptions>>().Value.ServiceBusConnection,
                ServiceBusClientOptions()),
            sp.GetRequiredService<ILogger<ServiceBusEventSink>>()));
        services.AddSingleton<IOutboundEventSink>(sp => sp.GetRequiredService<IOptions<OutboxOptions>>().Value.Sink switch
        {
            OutboxSinkKind.Table => sp.GetRequiredService<TableEventSink>(),
            OutboxSinkKind.ServiceBus => sp.GetRequiredService<ServiceBusEventSink>(),
            var other => throw new InvalidOperationException($"Hub:Outbox:Sink '{other}' has no publisher in this build."),
        });
        return services;
    }

    /// <summary>
    /// The relay's client: fewer and shorter tries than the SDK's defaults (3 tries of up to 60 s), because a pass that
    /// fails leaves its rows for the next pass (every second) anyway, and a pass should stay within its budget.
    /// </summary>
    public static ServiceBusClientOptions ServiceBusClientOptions() => new()
    {
        Identifier = "integrationhub-outbox-relay",
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = 2, TryTimeout = TimeSpan.FromSeconds(10) },
    };

    /// <summary>With "Hub:Outbox:Sink" = ServiceBus, the Service Bus connection must be configured (checked at start).</summary>
    private sealed class OutboxConnectionValidation(IConfiguration configuration) : IValidateOptions<OutboxOptions>
    {
        public ValidateOptionsResult Validate(string? name, OutboxOptions options) =>
            options.Sink == OutboxSinkKind.ServiceBus && ServiceBusConnection.Problem(configuration, options.ServiceBusConnection) is { } problem
                ? ValidateOptionsResult.Fail(problem)
                : ValidateOptionsResult.Success;
    }
}
