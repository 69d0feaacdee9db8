using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.Access;

/// <summary>The index keys of a CV, from its projected facts.</summary>
public static class CvSearchKeys
{
    public const string All = "all";

    public static CvSearchHit Entry(CvFacts facts, string presentation, DateTimeOffset fallbackActivity) => new(
        facts.Registry,
        facts.CitizenId,
        facts.CvId,
        presentation,
        facts.LastCitizenActivityAt ?? fallbackActivity,
        facts.OccupationCodes,
        [.. facts.Places.Select(p => p.Contains('-', StringComparison.Ordinal) ? p[(p.IndexOf('-', StringComparison.Ordinal) + 1)..] : null).OfType<string>().Distinct(StringComparer.Ordinal)],
        facts.Languages,
        facts.Skills);

    /// <summary>
    /// The partitions a CV is listed in: each criterion alone, and occupation with language and occupation with
    /// municipality, the pairs employers combine most ("welders in Bergen"), so a combined search reads one partition
    /// instead of filtering a large one row by row.
    /// </summary>
    public static IEnumerable<string> Dimensions(CvSearchHit hit) =>
        new[] { All }
            .Concat(hit.Occupations.Select(Occupation))
            .Concat(hit.Skills.Select(Skill))
            .Concat(hit.Municipalities.Select(Municipality))
            .Concat(hit.Languages.Select(Language))
            .Concat(hit.Occupations.SelectMany(o => hit.Languages.Select(l => OccupationAndLanguage(o, l))))
            .Concat(hit.Occupations.SelectMany(o => hit.Municipalities.Select(m => OccupationAndMunicipality(o, m))))
            .Distinct(StringComparer.Ordinal);

    /// <summary>Rows sort newest activity first, then by CV id.</summary>
    public static string RowKey(CvSearchHit hit) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - hit.LastActivity.UtcTicks:D19}|{hit.CvId}";

    /// <summary>
    /// A dimension's rows are split by time of the CV's last activity, so no partition holds every CV: "all" by month
    /// ("202611"), every value dimension by year ("2026"). A value's rows are a fraction of all CVs, and a month of a
    /// rare value (an occupation with Polish) held a handful of rows, so its page read a dozen partitions (ADR 0014).
    /// A page reads the newest bucket first.
    /// </summary>
    public static string Bucket(string dimension, DateTimeOffset lastActivity) =>
        lastActivity.UtcDateTime.ToString(dimension == All ? "yyyyMM" : "yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The bucket of a row key (<see cref="RowKey"/>) in a dimension: a continuation says where to go on by itself.</summary>
    public static string? BucketOfRowKey(string dimension, string rowKey) =>
        rowKey.Length > 19 && long.TryParse(rowKey.AsSpan(0, 19), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var inverted)
            && inverted <= DateTimeOffset.MaxValue.UtcTicks
            ? Bucket(dimension, new DateTimeOffset(DateTimeOffset.MaxValue.UtcTicks - inverted, TimeSpan.Zero))
            : null;

    /// <summary>The index partition of one dimension's bucket: "occ|isco08:2512|2026", "all|202611".</summary>
    public static string Partition(string dimension, string bucket) => dimension + "|" + bucket;

    public static string Occupation(string code) => "occ|" + KeySafe(code);

    public static string Skill(string name) => "skill|" + KeySafe(name.Trim().ToLowerInvariant());

    public static string Municipality(string code) => "mun|" + KeySafe(code);

    public static string Language(string code) => "lang|" + KeySafe(code.ToLowerInvariant());

    public static string OccupationAndLanguage(string occupation, string language) =>
        "occ+lang|" + KeySafe(occupation) + "|" + KeySafe(language.ToLowerInvariant());

    public static string OccupationAndMunicipality(string occupation, string municipality) =>
        "occ+mun|" + KeySafe(occupation) + "|" + KeySafe(municipality);

    /// <summary>
    /// A value as Table storage accepts it in a key: '/', '\', '#', '?', '%' and control characters are escaped
    /// ("%2F"...), so an ESCO URI or a skill such as "C#" or "TCP/IP" is indexed and found like any other.
    /// </summary>
    public static string KeySafe(string value)
    {
        if (!value.Any(c => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c)))
        {
            return value;
        }
        var builder = new System.Text.StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// The query's occupation in the index's spelling: "isco08:2512", "styrk08:2512", an ESCO URI ("esco:..."), or a
    /// bare four-digit ISCO-08 code.
    /// </summary>
    public static string? NormaliseOccupation(string value)
    {
        if (value.Length == 4 && value.All(char.IsAsciiDigit))
        {
            return "isco08:" + value;
        }
        if (value.StartsWith("http://data.europa.eu/esco/occupation/", StringComparison.Ordinal))
        {
            return "esco:" + value;
        }
        return value.StartsWith("isco08:", StringComparison.Ordinal) || value.StartsWith("styrk08:", StringComparison.Ordinal) || value.StartsWith("esco:", StringComparison.Ordinal)
            ? value
            : null;
    }

    public static bool Matches(CvSearchHit hit, CvSearchQuery query) =>
        (query.Occupation is null || hit.Occupations.Contains(query.Occupation, StringComparer.Ordinal))
        && (query.Skill is null || hit.Skills.Contains(query.Skill.Trim().ToLowerInvariant(), StringComparer.Ordinal))
        && (query.Municipality is null || hit.Municipalities.Contains(query.Municipality, StringComparer.Ordinal))
        && (query.Language is null || hit.Languages.Contains(query.Language.ToLowerInvariant(), StringComparer.Ordinal));

    /// <summary>
    /// The partition to read: an indexed pair when the query has one (occupation with municipality, then with
    /// language), else the most selective criterion given (occupation, municipality, skill, language), else all. The
    /// other criteria filter the rows read.
    /// </summary>
    public static string PrimaryDimension(CvSearchQuery query) =>
        query is { Occupation: { } om, Municipality: { } m2 } ? OccupationAndMunicipality(om, m2)
        : query is { Occupation: { } ol, Language: { } l2 } ? OccupationAndLanguage(ol, l2)
        : query.Occupation is { } o ? Occupation(o)
        : query.Municipality is { } m ? Municipality(m)
        : query.Skill is { } s ? Skill(s)
        : query.Language is { } l ? Language(l)
        : All;
}
