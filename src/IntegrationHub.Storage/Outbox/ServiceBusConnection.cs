using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Storage.Outbox;

/// <summary>
/// Reads a Service Bus connection the way the Functions host reads one (its "GetWebJobsConnectionStringSection"):
/// "ConnectionStrings:AzureWebJobs{name}", "AzureWebJobs{name}", "ConnectionStrings:{name}", "{name}", the first that
/// exists. Its value is a connection string; a section with "fullyQualifiedNamespace" (and "credential" =
/// "managedidentity", "clientId") is an identity-based connection.
/// </summary>
public static class ServiceBusConnection
{
    /// <summary>Why <paramref name="name"/> is not a usable connection, or null when it is.</summary>
    public static string? Problem(IConfiguration configuration, string name)
    {
        var section = Find(configuration, name);
        if (!string.IsNullOrWhiteSpace(section.Value) || !string.IsNullOrWhiteSpace(section["fullyQualifiedNamespace"]))
        {
            return null;
        }
        return $"Service Bus is not configured (Hub:Outbox:Sink is ServiceBus): set '{name}' to a connection string, or " +
            $"'{name}__fullyQualifiedNamespace' (with '{name}__credential' = managedidentity and '{name}__clientId') for an identity-based connection.";
    }

    public static ServiceBusClient CreateClient(IConfiguration configuration, string name, ServiceBusClientOptions options)
    {
        if (Problem(configuration, name) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        var section = Find(configuration, name);
        return string.IsNullOrWhiteSpace(section.Value)
            ? new ServiceBusClient(section["fullyQualifiedNamespace"], CreateCredential(section), options)
            : new ServiceBusClient(section.Value, options);
    }

    private static IConfigurationSection Find(IConfiguration configuration, string name)
    {
        var prefixed = ConnectionStringOrSetting(configuration, "AzureWebJobs" + name);
        return prefixed.Exists() ? prefixed : ConnectionStringOrSetting(configuration, name);
    }

    private static IConfigurationSection ConnectionStringOrSetting(IConfiguration configuration, string name)
    {
        var connectionString = configuration.GetSection("ConnectionStrings").GetSection(name);
        return connectionString.Exists() ? connectionString : configuration.GetSection(name);
    }

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }
}
