using IntegrationHub.Core.Outbox;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Outbox;

/// <summary>How <c>AddHubOutbox</c> chooses and checks the sink from configuration (no connection is opened).</summary>
public sealed class OutboxWiringTests
{
    private const string ConnectionString = "Endpoint=sb://hub-test.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=a2V5";

    [Fact]
    public async Task AddHubOutbox_ServiceBusSinkWithoutConnection_FailsValidationNamingTheSettings()
    {
        // Arrange
        await using var provider = Provider(new() { ["Hub:Outbox:Sink"] = "ServiceBus" });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OutboxOptions>>().Value);

        // Assert
        Assert.Contains("'ServiceBus'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ServiceBus__fullyQualifiedNamespace'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHubOutbox_ServiceBusSinkWithRenamedConnectionMissing_FailsValidationNamingThatConnection()
    {
        // Arrange: the default connection exists, the configured one does not.
        await using var provider = Provider(new()
        {
            ["Hub:Outbox:Sink"] = "ServiceBus",
            ["Hub:Outbox:ServiceBusConnection"] = "Events",
            ["ServiceBus"] = ConnectionString,
        });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OutboxOptions>>().Value);

        // Assert
        Assert.Contains("'Events__fullyQualifiedNamespace'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ServiceBus", ConnectionString)]
    [InlineData("ConnectionStrings:ServiceBus", ConnectionString)]
    [InlineData("AzureWebJobsServiceBus", ConnectionString)]
    [InlineData("ServiceBus:fullyQualifiedNamespace", "hub-test.servicebus.windows.net")]
    public async Task AddHubOutbox_ServiceBusSinkWithAConnectionTheFunctionsHostWouldRead_ResolvesTheServiceBusSink(string key, string value)
    {
        // Arrange: the app settings of infra/app/functionapp.bicep, or a connection string locally.
        await using var provider = Provider(new()
        {
            ["Hub:Outbox:Sink"] = "ServiceBus",
            [key] = value,
            ["ServiceBus:credential"] = "managedidentity",
            ["ServiceBus:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        // Act
        var sink = provider.GetRequiredService<IOutboundEventSink>();

        // Assert
        Assert.IsType<ServiceBusEventSink>(sink);
    }

    [Fact]
    public async Task AddHubOutbox_TableSinkWithoutServiceBusConnection_ResolvesTheTableSinkOptions()
    {
        // Arrange
        await using var provider = Provider(new() { ["Hub:Outbox:Sink"] = "Table" });

        // Act
        var options = provider.GetRequiredService<IOptions<OutboxOptions>>().Value;

        // Assert
        Assert.Equal(OutboxSinkKind.Table, options.Sink);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddHubOutbox();
        return services.BuildServiceProvider();
    }
}
