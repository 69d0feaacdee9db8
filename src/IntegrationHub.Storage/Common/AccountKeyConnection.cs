using Azure;
using Azure.Storage;
using Azure.Storage.Sas;

namespace IntegrationHub.Storage.Common;

/// <summary>A storage connection string that carries an account key (Azurite's, locally), with its three service endpoints.</summary>
internal sealed record AccountKeyConnection(string AccountName, string AccountKey, Uri BlobEndpoint, Uri QueueEndpoint, Uri TableEndpoint)
{
    public static readonly TimeSpan Renewal = TimeSpan.FromHours(6);
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static bool TryParse(string? connectionString, out AccountKeyConnection connection)
    {
        connection = null!;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            connection = new AccountKeyConnection(DevelopmentAccount, DevelopmentKey,
                new Uri($"http://127.0.0.1:10000/{DevelopmentAccount}"),
                new Uri($"http://127.0.0.1:10001/{DevelopmentAccount}"),
                new Uri($"http://127.0.0.1:10002/{DevelopmentAccount}"));
            return true;
        }
        if (!parts.TryGetValue("AccountName", out var name) || !parts.TryGetValue("AccountKey", out var key))
        {
            return false;
        }
        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        Uri Endpoint(string service, string setting) =>
            new((parts.TryGetValue(setting, out var explicitEndpoint) ? explicitEndpoint : $"{protocol}://{name}.{service}.{suffix}").TrimEnd('/'));
        connection = new AccountKeyConnection(name, key, Endpoint("blob", "BlobEndpoint"), Endpoint("queue", "QueueEndpoint"), Endpoint("table", "TableEndpoint"));
        return true;
    }

    /// <summary>A credential holding <see cref="CreateSas"/>, and the timer that renews it every <see cref="Renewal"/> (dispose it with the clients).</summary>
    public (AzureSasCredential Sas, Timer Renewal) RenewingSas()
    {
        var sas = new AzureSasCredential(CreateSas());
        return (sas, new Timer(_ => sas.Update(CreateSas()), null, Renewal, Renewal));
    }

    /// <summary>An account SAS for blob, queue and table, all permissions, valid for a day (renewed every six hours).</summary>
    public string CreateSas()
    {
        var builder = new AccountSasBuilder(
            AccountSasPermissions.All,
            DateTimeOffset.UtcNow + Lifetime,
            AccountSasServices.Blobs | AccountSasServices.Queues | AccountSasServices.Tables,
            AccountSasResourceTypes.All)
        {
            StartsOn = DateTimeOffset.UtcNow.AddMinutes(-5),
            Protocol = BlobEndpoint.Scheme == "https" ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        return builder.ToSasQueryParameters(new StorageSharedKeyCredential(AccountName, AccountKey)).ToString();
    }
}
