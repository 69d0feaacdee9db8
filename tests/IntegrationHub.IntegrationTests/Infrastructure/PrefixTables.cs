using Azure.Data.Tables;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// The tables of one test host (its name prefix) in an account. Filtered by Azurite, not here: late in a run the
/// shared Azurite holds every earlier class's tables (thousands), and listing them all for each storage scan or
/// snapshot made the fuzz and erasure tests slower the later they ran. An empty answer is an error, never "nothing
/// stored" in the hub's account (<c>required</c>): every host creates its tables there at start, so none found means
/// the filter, not the hub, is wrong.
/// </summary>
public static class PrefixTables
{
    public static async Task<List<string>> NamesAsync(TableServiceClient tables, string prefix, bool required)
    {
        // Table names are letters and digits, all below '{': [prefix, prefix + "{") holds exactly the names with the prefix.
        var names = new List<string>();
        await foreach (var table in tables.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "{"}")))
        {
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(table.Name);
            }
        }
        if (required && names.Count == 0)
        {
            throw new InvalidOperationException($"No table with the prefix '{prefix}' in {tables.AccountName}: the hub creates its tables at start.");
        }
        return names;
    }
}
