using System.IO.Compression;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.JobAds;

/// <summary>The job ads' outbox: one partition per system client (recruitment systems are bound as System).</summary>
public sealed class JobAdOutboxSource(IOptions<HubOptions> hub) : IOutboxSource
{
    public string Table => JobAdsTables.JobAdsTable;

    public IEnumerable<string> Partitions() => JobAdDeliveryPump.Clients(hub.Value);
}
