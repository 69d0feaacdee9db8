using System.Globalization;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Eures;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.JobAds;

/// <summary>
/// EURES' vacancy index, in each recruitment system's partition of table "JobAds" so that it commits with the ad's EURES
/// state: <c>eu|a|{adId}</c> for every ad pullable now (getAll), and <c>eu|m|{lastModifiedMs:D15}|{adId}</c> for every
/// listing change, ordered by time (getChanges reads from the asked time on, never the ads before it). A change row is
/// not removed when the ad changes again: the reader keeps the latest row per ad, so no write ever depends on finding
/// an older row.
/// </summary>
public sealed class TableEuresVacancyIndex(HubStorage storage) : IEuresVacancyIndex
{
    private const string ActivePrefix = "eu|a|";
    private const string ChangePrefix = "eu|m|";
    private const int Page = 1000;

    private TableClient Table => storage.Table(JobAdsTables.JobAdsTable);

    public async Task<IReadOnlyList<EuresVacancy>> ActiveAsync(string client, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey ge {ActivePrefix} and RowKey lt {"eu|a}"}");
        var result = new List<EuresVacancy>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Page, cancellationToken: cancellationToken))
        {
            result.Add(Read(row, row.RowKey[ActivePrefix.Length..]));
        }
        return result;
    }

    public async Task<IReadOnlyList<EuresVacancy>> ChangedSinceAsync(string client, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var from = ChangePrefix + Millis(since.ToUnixTimeMilliseconds()) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey ge {from} and RowKey lt {"eu|m}"}");
        var latest = new Dictionary<string, EuresVacancy>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Page, cancellationToken: cancellationToken))
        {
            var adId = row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..];
            latest.Remove(adId);
            latest[adId] = Read(row, adId);
        }
        return [.. latest.Values.OrderBy(v => v.LastModified)];
    }

    /// <summary>The index rows a change of an ad's EURES state writes, in the same transaction as the state.</summary>
    internal static IEnumerable<TableTransactionAction> Actions(DeliveryChange change)
    {
        if (EuresVacancy.From(change) is not { } vacancy)
        {
            yield break;
        }
        var modified = vacancy.LastModified.ToUnixTimeMilliseconds();
        yield return new(TableTransactionActionType.UpsertReplace, Write(vacancy, $"{ChangePrefix}{Millis(modified)}|{vacancy.AdId}"));
        if (vacancy.Active)
        {
            yield return new(TableTransactionActionType.UpsertReplace, Write(vacancy, ActivePrefix + vacancy.AdId));
        }
        else if (change.Previous?.Status == DeliveryStatus.Published)
        {
            // Written with the state that made the ad Published, so it is there to delete.
            yield return new(TableTransactionActionType.Delete, new TableEntity(vacancy.Client, ActivePrefix + vacancy.AdId), ETag.All);
        }
    }

    /// <summary>
    /// The change rows written before <paramref name="cutoff"/>, which getChanges from <paramref name="cutoff"/> or later
    /// never reads (it starts at <c>eu|m|{since}|</c>): the retention purge deletes them (ADR 0050).
    /// </summary>
    internal static string ChangesBefore(string client, DateTimeOffset cutoff) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey ge {ChangePrefix} and RowKey lt {ChangePrefix + Millis(cutoff.ToUnixTimeMilliseconds())}");

    private static string Millis(long value) => value.ToString("D15", CultureInfo.InvariantCulture);

    private static TableEntity Write(EuresVacancy v, string rowKey) => new(v.Client, rowKey)
    {
        ["CreatedMs"] = v.Created.ToUnixTimeMilliseconds(),
        ["ModifiedMs"] = v.LastModified.ToUnixTimeMilliseconds(),
        ["ClosedMs"] = v.Closed?.ToUnixTimeMilliseconds(),
    };

    private static EuresVacancy Read(TableEntity row, string adId) => new(
        row.PartitionKey,
        adId,
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64("CreatedMs") ?? 0),
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64("ModifiedMs") ?? 0),
        row.GetInt64("ClosedMs") is { } closed ? DateTimeOffset.FromUnixTimeMilliseconds(closed) : null);
}
