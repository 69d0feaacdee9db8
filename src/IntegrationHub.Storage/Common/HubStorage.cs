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

    /// <summary>
    /// The optional connection of the period tables' own account ("AccessLog{J}{yyyyMM}" and the like, ADR 0030), set like
    /// <see cref="SearchConnectionName"/>. In Azure a role can only be scoped to a table that exists, and these tables are
    /// created at run time, so they get an account whose only role is Table Data Contributor. Unset: the hub's account.
    /// </summary>
    public const string PeriodConnectionName = "PeriodStorage";

    private readonly ConcurrentDictionary<string, TableClient> _tables = new();
    private readonly ConcurrentDictionary<string, BlobContainerClient> _containers = new();
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new();

    /// <summary>Tells this process's pollers that a commit here left work for them.</summary>
    public PollSignals Signals { get; } = new();

    /// <summary>Which registry each CV id seen here belongs to (issue 18: a view reads one registry's row, not all).</summary>
    public CvRegistryCache CvRegistries { get; } = new();

    public HubStorage(IConfiguration configuration, IOptions<StorageOptions> options)
    {
        Prefix = options.Value.NamePrefix;
        // Issue 18: off unless asked for; then every client below counts its requests (StorageRequestCounter).
        Requests = options.Value.CountRequests ? new StorageRequestCounter(Prefix) : null;
        (SearchTables, _searchSasRenewal) = ConnectTables(configuration, SearchConnectionName, TableOptions());
        (_periodTables, _periodSasRenewal) = ConnectTables(configuration, PeriodConnectionName, TableOptions());
        var queueOptions = CountedQueueOptions(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var tableOptions = TableOptions();
        var blobOptions = Requests?.Count(new BlobClientOptions(), StorageService.Blob) ?? new BlobClientOptions();
        var connectionString = configuration[ConnectionName];
        if (AccountKeyConnection.TryParse(connectionString, out var account))
        {
            // An account key (Azurite, local runs): sign one account SAS instead of every request. Per-request shared-key
            // signing leaves an HMAC context per call for the finalizer, which measured a quarter of the process's CPU.
            (_sas, _sasRenewal) = account.RenewingSas();
            Tables = new TableServiceClient(account.TableEndpoint, _sas, tableOptions);
            Blobs = new BlobServiceClient(account.BlobEndpoint, _sas, blobOptions);
            Queues = new QueueServiceClient(account.QueueEndpoint, _sas, queueOptions);
            _queueFactory = (name, o) => new QueueClient(new Uri(account.QueueEndpoint + "/" + name), _sas, CountedQueueOptions(o));
            return;
        }
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Tables = new TableServiceClient(connectionString, tableOptions);
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            Queues = new QueueServiceClient(connectionString, queueOptions);
            _queueFactory = (name, o) => new QueueClient(connectionString, name, CountedQueueOptions(o));
            return;
        }
        var section = configuration.GetSection(ConnectionName);
        var credential = CreateCredential(section);
        Tables = new TableServiceClient(RequiredUri(section, "tableServiceUri"), credential, tableOptions);
        Blobs = new BlobServiceClient(RequiredUri(section, "blobServiceUri"), credential, blobOptions);
        var queueUri = RequiredUri(section, "queueServiceUri");
        Queues = new QueueServiceClient(queueUri, credential, queueOptions);
        _queueFactory = (name, o) => new QueueClient(new Uri(queueUri, name), credential, CountedQueueOptions(o));
    }

    /// <summary>The request counter when "Hub:Storage:CountRequests" is on (benchmarks, tests); null otherwise.</summary>
    public StorageRequestCounter? Requests { get; }

    /// <summary>Options for a table client of the hub's own making (another account's too), counted when counting is on.</summary>
    public TableClientOptions TableOptions() => Requests?.Count(new TableClientOptions(), StorageService.Table) ?? new TableClientOptions();

    // A caller's own options (a listener's) are counted too; policies added to options apply to clients made after.
    private QueueClientOptions CountedQueueOptions(QueueClientOptions options) => Requests?.Count(options, StorageService.Queue) ?? options;

    private readonly Func<string, QueueClientOptions, QueueClient> _queueFactory;
    private readonly AzureSasCredential? _sas;

    // Kept so that the renewal timer lives as long as the clients.
    private readonly Timer? _sasRenewal;

    private readonly Timer? _searchSasRenewal;

    private readonly TableServiceClient? _periodTables;
    private readonly Timer? _periodSasRenewal;
    private readonly ConcurrentDictionary<string, TableClient> _periodTableClients = new();

    public void Dispose()
    {
        _sasRenewal?.Dispose();
        _searchSasRenewal?.Dispose();
        _periodSasRenewal?.Dispose();
    }

    /// <summary>The search index's account, when "SearchStorage" names one.</summary>
    public TableServiceClient? SearchTables { get; }

    /// <summary>The period tables' account (<see cref="PeriodConnectionName"/>), else the hub's.</summary>
    public TableServiceClient PeriodTables => _periodTables ?? Tables;

    /// <summary>A period table (<see cref="PeriodTables"/>), prefix applied; only PeriodTables should ask for one.</summary>
    public TableClient PeriodTable(string name) => _periodTableClients.GetOrAdd(name, n => PeriodTables.GetTableClient(Prefix + n));

    private static (TableServiceClient? Tables, Timer? Renewal) ConnectTables(IConfiguration configuration, string connectionName, TableClientOptions options)
    {
        var connectionString = configuration[connectionName];
        if (AccountKeyConnection.TryParse(connectionString, out var account))
        {
            var (sas, renewal) = account.RenewingSas();
            return (new TableServiceClient(account.TableEndpoint, sas, options), renewal);
        }
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return (new TableServiceClient(connectionString, options), null);
        }
        var section = configuration.GetSection(connectionName);
        return section["tableServiceUri"] is { Length: > 0 }
            ? (new TableServiceClient(
                Uri.TryCreate(section["tableServiceUri"], UriKind.Absolute, out var uri)
                    ? uri
                    : throw new InvalidOperationException($"'{connectionName}__tableServiceUri' is not an absolute URI."),
                CreateCredential(section), options), null)
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
