using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Common;

/// <summary>
/// The hub's storage clients, from the same connection the Functions host uses ("AzureWebJobsStorage"):
/// a connection string locally, service URIs plus a managed identity in Azure.
/// </summary>
public sealed class HubStorage : IDisposable
{
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>
    /// The optional connection of the search index's own account (ADR 0013): a connection string, or a section with
    /// "tableServiceUri" (plus "credential"/"clientId") for the managed identity. Unset: the index lives in the hub's account.
    /// </summary>
    public const string SearchConnectionName = "SearchStorage";

    private readonly ConcurrentDictionary<string, TableClient> _tables = new();
    private readonly ConcurrentDictionary<string, BlobContainerClient> _containers = new();
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new();

    /// <summary>Tells this process's pollers that a commit here left work for them.</summary>
    public PollSignals Signals { get; } = new();

    public HubStorage(IConfiguration configuration, IOptions<StorageOptions> options)
    {
        Prefix = options.Value.NamePrefix;
        (SearchTables, _searchSasRenewal) = ConnectSearchTables(configuration);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var connectionString = configuration[ConnectionName];
        if (AccountKeyConnection.TryParse(connectionString, out var account))
        {
            // An account key (Azurite, local runs): sign one account SAS instead of every request. Per-request shared-key
            // signing leaves an HMAC context per call for the finalizer, which measured a quarter of the process's CPU.
            (_sas, _sasRenewal) = account.RenewingSas();
            Tables = new TableServiceClient(account.TableEndpoint, _sas);
            Blobs = new BlobServiceClient(account.BlobEndpoint, _sas);
            Queues = new QueueServiceClient(account.QueueEndpoint, _sas, queueOptions);
            _queueFactory = (name, o) => new QueueClient(new Uri(account.QueueEndpoint + "/" + name), _sas, o);
            return;
        }
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Tables = new TableServiceClient(connectionString);
            Blobs = new BlobServiceClient(connectionString);
            Queues = new QueueServiceClient(connectionString, queueOptions);
            _queueFactory = (name, o) => new QueueClient(connectionString, name, o);
            return;
        }
        var section = configuration.GetSection(ConnectionName);
        var credential = CreateCredential(section);
        Tables = new TableServiceClient(RequiredUri(section, "tableServiceUri"), credential);
        Blobs = new BlobServiceClient(RequiredUri(section, "blobServiceUri"), credential);
        var queueUri = RequiredUri(section, "queueServiceUri");
        Queues = new QueueServiceClient(queueUri, credential, queueOptions);
        _queueFactory = (name, o) => new QueueClient(new Uri(queueUri, name), credential, o);
    }

    private readonly Func<string, QueueClientOptions, QueueClient> _queueFactory;
    private readonly AzureSasCredential? _sas;

    // Kept so that the renewal timer lives as long as the clients.
    private readonly Timer? _sasRenewal;

    private readonly Timer? _searchSasRenewal;

    public void Dispose()
    {
        _sasRenewal?.Dispose();
        _searchSasRenewal?.Dispose();
    }

    /// <summary>The search index's account, when "SearchStorage" names one.</summary>
    public TableServiceClient? SearchTables { get; }

    private static (TableServiceClient? Tables, Timer? Renewal) ConnectSearchTables(IConfiguration configuration)
    {
        var connectionString = configuration[SearchConnectionName];
        if (AccountKeyConnection.TryParse(connectionString, out var account))
        {
            var (sas, renewal) = account.RenewingSas();
            return (new TableServiceClient(account.TableEndpoint, sas), renewal);
        }
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return (new TableServiceClient(connectionString), null);
        }
        var section = configuration.GetSection(SearchConnectionName);
        return section["tableServiceUri"] is { Length: > 0 }
            ? (new TableServiceClient(
                Uri.TryCreate(section["tableServiceUri"], UriKind.Absolute, out var uri)
                    ? uri
                    : throw new InvalidOperationException($"'{SearchConnectionName}__tableServiceUri' is not an absolute URI."),
                CreateCredential(section)), null)
            : (null, null);
    }

    /// <summary>A queue client with options of the caller's own (a listener's decoding-failure handler, say), prefix applied.</summary>
    public QueueClient CreateQueueClient(string name, QueueClientOptions options) => _queueFactory(Prefix + name, options);

    public string Prefix { get; }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    public TableClient Table(string name) => _tables.GetOrAdd(name, n =>
        (SearchTables is not null && StorageNames.IsSearchIndexTable(n) ? SearchTables : Tables).GetTableClient(Prefix + n));

    public BlobContainerClient Container(string name) => _containers.GetOrAdd(name, n => Blobs.GetBlobContainerClient(Prefix + n));

    public QueueClient Queue(string name) => _queues.GetOrAdd(name, n => Queues.GetQueueClient(Prefix + n));

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }

    private static Uri RequiredUri(IConfigurationSection section, string key) =>
        Uri.TryCreate(section[key], UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException(
                $"Storage is not configured: set '{ConnectionName}' to a connection string, or '{ConnectionName}__{key}' (with __blobServiceUri, __queueServiceUri, __tableServiceUri) for an identity-based connection.");
}
