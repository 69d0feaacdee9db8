using IntegrationHub.Contracts;
using IntegrationHub.Contracts.Cvs;

namespace IntegrationHub.Core.JobAds;

/// <summary>
/// ESCO, ISCO-08 and STYRK08 side by side, from the data file <c>contracts/data/occupations.csv</c>. Completes an
/// ad's occupation with the codes it lacks, so each board gets the code system it speaks.
/// </summary>
public sealed class OccupationMap
{
    public const string EscoIscoPrefix = "http://data.europa.eu/esco/isco/C";

    private readonly Dictionary<string, Row> _byEsco = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Row> _byIsco = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Row> _byStyrk = new(StringComparer.Ordinal);

    private OccupationMap(IEnumerable<Row> rows)
    {
        foreach (var row in rows)
        {
            _byEsco[row.Esco] = row;
            // The group rows (ESCO's ISCO concepts) are what ISCO-08 and STYRK08 codes map to.
            if (row.Esco.StartsWith(EscoIscoPrefix, StringComparison.Ordinal))
            {
                _byIsco[row.Isco08] = row;
                _byStyrk[row.Styrk08] = row;
            }
        }
    }

    public static OccupationMap Instance { get; } = Parse(ReferenceData.ReadText("occupations.csv"));

    public int Count => _byEsco.Count;

    public static OccupationMap Parse(string csv)
    {
        var rows = new List<Row>();
        var header = true;
        foreach (var raw in csv.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (header)
            {
                header = false;
                continue;
            }
            var cells = line.Split(',', 4);
            if (cells.Length != 4)
            {
                throw new FormatException($"occupations.csv: expected 4 columns in '{line}'.");
            }
            rows.Add(new Row(cells[0], cells[1], cells[2], cells[3]));
        }
        return new OccupationMap(rows);
    }

    /// <summary>
    /// The occupation with every code the map knows filled in; codes the sender gave are kept. Where the sender gave
    /// no ESCO occupation, ESCO is the concept of the ISCO-08 unit group.
    /// </summary>
    public OccupationCode Complete(OccupationCode code)
    {
        Row? row = null;
        if (code.Esco is { } esco)
        {
            _byEsco.TryGetValue(esco, out row);
        }
        if (row is null && code.Isco08 is { } isco)
        {
            _byIsco.TryGetValue(isco, out row);
        }
        if (row is null && code.Styrk08 is { Length: >= 4 } styrk)
        {
            _byStyrk.TryGetValue(styrk[..4], out row);
        }
        if (row is null)
        {
            return code;
        }
        return code with
        {
            Esco = code.Esco ?? row.Esco,
            Isco08 = code.Isco08 ?? row.Isco08,
            Styrk08 = code.Styrk08 ?? row.Styrk08,
            Label = code.Label ?? row.Label,
        };
    }

    private sealed record Row(string Esco, string Isco08, string Styrk08, string Label);
}
