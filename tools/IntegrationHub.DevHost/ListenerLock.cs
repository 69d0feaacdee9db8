using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace IntegrationHub.DevHost;

/// <summary>
/// The Functions host's listener lock for one singleton trigger (every timer): a blob lease on
/// <c>azure-webjobs-hosts/locks/{hostId}/Host.Functions.{name}.Listener</c>, so the dev host's instances and a Functions
/// app on the same account take turns exactly as the host does. Source: Azure/azure-webjobs-sdk
/// src/Microsoft.Azure.WebJobs.Host/Singleton/BlobLeaseDistributedLockManager.cs (container "azure-webjobs-hosts",
/// directory "locks", acquire; 404 creates the empty blob and tries once more; 409 means another holder) and
/// SingletonListener.cs (the lock id is the function's full name, "Host.Functions.{name}" in the Functions host, plus
/// ".Listener").
/// </summary>
public sealed class ListenerLock
{
    /// <summary>The host's container (HostContainerNames.Hosts in the WebJobs SDK).</summary>
    public const string ContainerName = "azure-webjobs-hosts";

    private readonly BlobContainerClient _container;
    private readonly BlobClient _blob;

    public ListenerLock(BlobServiceClient blobs, string hostId, string functionName, TimeSpan leasePeriod)
    {
        _container = blobs.GetBlobContainerClient(ContainerName);
        BlobName = BlobNameFor(hostId, functionName);
        _blob = _container.GetBlobClient(BlobName);
        LeasePeriod = leasePeriod;
    }

    public string BlobName { get; }

    public TimeSpan LeasePeriod { get; }

    public static string BlobNameFor(string hostId, string functionName) => $"locks/{hostId}/Host.Functions.{functionName}.Listener";

    /// <summary>One attempt: the lease, or null while another instance holds it.</summary>
    public async Task<BlobLeaseClient?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var lease = _blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeasePeriod, cancellationToken: cancellationToken);
            return lease;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // First use on this account: the blob (or its container) does not exist yet.
        }
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            await _blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another instance created it first (or holds it already).
        }
        try
        {
            await lease.AcquireAsync(LeasePeriod, cancellationToken: cancellationToken);
            return lease;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    /// <summary>The lease's holder, for tests and diagnostics: true while someone holds it.</summary>
    public async Task<bool> IsLeasedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var properties = await _blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
