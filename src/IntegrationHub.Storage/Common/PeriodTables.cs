using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Retention;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Common;

/// <summary>
/// A store kept in one table per jurisdiction and month ("{base}{NO|DK|NL}{yyyyMM}", e.g. "AccessLogDK202611"), so that
/// retention drops a whole period with one call instead of querying and deleting its rows: on Azurite every filtered
/// query scans the whole table, and in Azure a dropped table costs nothing to purge (docs/adr/0023-retention-and-period-tables.md).
/// Tables are created on first write, in the period account ("PeriodStorage", ADR 0030) when one is configured: a role
/// cannot be scoped to a table that does not exist yet, so in Azure these tables live in an account of their own.
/// </summary>
public sealed class PeriodTables(HubStorage storage, string baseName, IOptions<HubOptions>? hub)
{
    /// <summary>The jurisdiction of a registry the configuration does not name (tests that wire a store by hand).</summary>
    public const string Unconfigured = "XX";

    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);

    public string BaseName => baseName;

    public string JurisdictionOf(string registry) =>
        hub?.Value.Registries.TryGetValue(registry, out var settings) == true && settings.Jurisdiction is { Length: 2 } j ? j : Unconfigured;

    /// <summary>Every jurisdiction a row may be filed under: the configured ones and <see cref="Unconfigured"/>.</summary>
    public IReadOnlyList<string> Jurisdictions() =>
        [.. (hub?.Value.Registries.Values.Select(r => r.Jurisdiction) ?? []).Where(j => j is { Length: 2 }).Append(Unconfigured).Distinct(StringComparer.Ordinal)];

    public string Name(string jurisdiction, string month) => baseName + jurisdiction + month;

    public TableClient Table(string name) => storage.PeriodTable(name);

    /// <summary>Runs a write, creating the period's table first (once per process), and again after a 404 (a table dropped meanwhile).</summary>
    public async Task WriteAsync(string name, Func<TableClient, Task> write, CancellationToken cancellationToken)
    {
        var table = storage.PeriodTable(name);
        await _created.GetOrAdd(name, _ => table.CreateIfNotExistsAsync(cancellationToken));
        try
        {
            await write(table);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            await write(table);
        }
    }

    /// <summary>A query of one period's table; a period that has no table (nothing was written, or it was dropped) reads as empty.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(string name, string filter, int? maxPerPage, IEnumerable<string>? select,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = storage.PeriodTable(name).QueryAsync<TableEntity>(filter, maxPerPage, select, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await rows.MoveNextAsync();
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    yield break;
                }
                if (!more)
                {
                    yield break;
                }
                yield return rows.Current;
            }
        }
        finally
        {
            await rows.DisposeAsync();
        }
    }

    /// <summary>The periods that have a table now: (jurisdiction, month, unprefixed name), oldest first. One listing call.</summary>
    public async Task<IReadOnlyList<Period>> ExistingAsync(CancellationToken cancellationToken)
    {
        var prefix = storage.Prefix + baseName;
        var periods = new List<Period>();
        await foreach (var table in storage.PeriodTables.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}"), cancellationToken: cancellationToken))
        {
            // "{prefix}{base}{JJ}{yyyyMM}": exactly eight characters after the base, the last six digits.
            var rest = table.Name.Length == prefix.Length + 8 && table.Name.StartsWith(prefix, StringComparison.Ordinal) ? table.Name[prefix.Length..] : null;
            if (rest is not null && rest[2..].All(char.IsAsciiDigit) && rest[..2].All(char.IsAsciiLetterUpper))
            {
                periods.Add(new Period(rest[..2], rest[2..], baseName + rest));
            }
        }
        return [.. periods.OrderBy(p => p.Month, StringComparer.Ordinal).ThenBy(p => p.Jurisdiction, StringComparer.Ordinal)];
    }

    /// <summary>Drops the periods whose every row has outlived its jurisdiction's retention, at most <paramref name="max"/>; answers how many went.</summary>
    public async Task<int> DropExpiredAsync(Func<string, int> monthsFor, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var dropped = 0;
        foreach (var period in await ExistingAsync(cancellationToken))
        {
            if (dropped == max)
            {
                break;
            }
            if (!RetentionPeriods.IsExpired(period.Month, monthsFor(period.Jurisdiction), now))
            {
                continue;
            }
            try
            {
                await storage.PeriodTable(period.Name).DeleteAsync(cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Another instance dropped it first.
            }
            _created.TryRemove(period.Name, out _);
            dropped++;
        }
        return dropped;
    }

    public sealed record Period(string Jurisdiction, string Month, string Name);
}
