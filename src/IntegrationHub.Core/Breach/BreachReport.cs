using System.Globalization;
using System.Net;
using System.Text;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// The report for the data protection authority (GDPR art. 33(3)): nature, categories and approximate numbers of people
/// and records, likely consequences, measures taken, and the timeline against the 72-hour deadline. Counts only: no
/// citizen's id, name or address, whatever the campaign holds.
/// </summary>
public sealed record BreachReport
{
    public static readonly TimeSpan Deadline = TimeSpan.FromHours(72);

    public required string CampaignId { get; init; }
    public required string Title { get; init; }
    public required string Status { get; init; }
    public required string Nature { get; init; }
    public required IReadOnlyList<string> DataCategories { get; init; }
    public required string SelectorKind { get; init; }

    /// <summary>The organisation the data went to (access-log selector), never a person.</summary>
    public string? Recipient { get; init; }

    /// <summary>Null until a dry run has counted the audience.</summary>
    public long? ApproximateNumberOfPeople { get; init; }
    public long? ApproximateNumberOfRecords { get; init; }
    public long? UnresolvedCvs { get; init; }
    public IReadOnlyList<BreachCount>? PeopleByRegistry { get; init; }
    public IReadOnlyList<BreachCount>? PeopleByProtectedStatus { get; init; }
    public DateTimeOffset? CountedAt { get; init; }

    /// <summary>The likely consequences in the campaign's fallback language (or its one text).</summary>
    public required string LikelyConsequences { get; init; }

    /// <summary>The measures taken or proposed in the campaign's fallback language (or its one text).</summary>
    public required string MeasuresTaken { get; init; }

    /// <summary>
    /// What the letters of each language say, the fallback language first: the one language the campaign names as its
    /// own (every citizen without a letter of their language gets it); the hub knows no registry's default language.
    /// </summary>
    public required IReadOnlyList<BreachLanguageText> LikelyConsequencesByLanguage { get; init; }
    public required IReadOnlyList<BreachLanguageText> MeasuresTakenByLanguage { get; init; }
    public required BreachReportTimeline Timeline { get; init; }

    public static BreachReport From(BreachCampaign campaign, DateTimeOffset now)
    {
        var deadline = campaign.DetectedAt + Deadline;
        return new BreachReport
        {
            CampaignId = campaign.Id,
            Title = campaign.Title,
            Status = campaign.Status,
            Nature = campaign.Description,
            DataCategories = campaign.DataCategories,
            SelectorKind = campaign.Selector.Kind,
            Recipient = campaign.Selector.Kind == BreachSelectorKinds.AccessLog ? campaign.Selector.Party : null,
            ApproximateNumberOfPeople = campaign.Audience?.Citizens,
            ApproximateNumberOfRecords = campaign.Audience?.Records,
            UnresolvedCvs = campaign.Audience?.UnresolvedCvs,
            PeopleByRegistry = campaign.Audience?.ByRegistry,
            PeopleByProtectedStatus = campaign.Audience?.ByProtectedStatus,
            CountedAt = campaign.Audience?.CompletedAt,
            LikelyConsequences = campaign.ConsequencesIn(campaign.FallbackLanguage) ?? "Not stated yet.",
            MeasuresTaken = campaign.MeasuresIn(campaign.FallbackLanguage) ?? "Not stated yet.",
            LikelyConsequencesByLanguage = ByLanguage(campaign, campaign.ConsequencesIn),
            MeasuresTakenByLanguage = ByLanguage(campaign, campaign.MeasuresIn),
            Timeline = new BreachReportTimeline
            {
                DetectedAt = campaign.DetectedAt,
                Deadline = deadline,
                ReportedAt = now,
                DeadlineMet = now <= deadline,
                WindowFrom = campaign.WindowFrom,
                WindowTo = campaign.WindowTo,
                Actions = campaign.Audit,
            },
        };
    }

    /// <summary>The same report as a readable, self-contained HTML document (every value encoded).</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Personal data breach report: ")
            .Append(E(Title)).Append("</title></head><body>");
        html.Append("<h1>Personal data breach report (GDPR art. 33)</h1><h2>").Append(E(Title)).Append("</h2><dl>");
        Row(html, "Campaign", CampaignId);
        Row(html, "Status", Status);
        Row(html, "Nature of the breach", Nature);
        Row(html, "Categories of personal data", string.Join(", ", DataCategories));
        Row(html, "How the people affected were found", SelectorKind);
        if (Recipient is not null)
        {
            Row(html, "Recipient (organisation)", Recipient);
        }
        Row(html, "Approximate number of people", ApproximateNumberOfPeople is { } people ? N(people) : "not counted yet (no dry run)");
        Row(html, "Approximate number of records", ApproximateNumberOfRecords is { } records ? N(records) : "not counted yet (no dry run)");
        if (UnresolvedCvs is > 0)
        {
            Row(html, "CVs deleted since, not resolvable to a person by the hub", N(UnresolvedCvs.Value));
        }
        foreach (var count in PeopleByRegistry ?? [])
        {
            Row(html, "People, registry " + count.Key, N(count.Count));
        }
        foreach (var count in PeopleByProtectedStatus ?? [])
        {
            Row(html, "People, address status " + count.Key, N(count.Count));
        }
        Texts(html, "Likely consequences", LikelyConsequences, LikelyConsequencesByLanguage);
        Texts(html, "Measures taken or proposed", MeasuresTaken, MeasuresTakenByLanguage);
        html.Append("</dl><h2>Timeline</h2><dl>");
        Row(html, "Window of the breach", T(Timeline.WindowFrom) + " to " + T(Timeline.WindowTo));
        Row(html, "Detected", T(Timeline.DetectedAt));
        Row(html, "72-hour deadline", T(Timeline.Deadline));
        Row(html, "Reported", T(Timeline.ReportedAt));
        Row(html, "Deadline met", Timeline.DeadlineMet ? "yes" : "no");
        html.Append("</dl><h3>Actions</h3><table><thead><tr><th>when</th><th>action</th><th>by</th></tr></thead><tbody>");
        foreach (var action in Timeline.Actions)
        {
            html.Append("<tr><td>").Append(E(T(action.At))).Append("</td><td>").Append(E(action.Action)).Append("</td><td>").Append(E(action.Actor)).Append("</td></tr>");
        }
        html.Append("</tbody></table></body></html>");
        return html.ToString();
    }

    /// <summary>The letter languages, fallback first, each with its text (a campaign without texts yet: none).</summary>
    private static IReadOnlyList<BreachLanguageText> ByLanguage(BreachCampaign campaign, Func<string, string?> textIn) =>
        [.. campaign.LetterLanguages.OrderBy(l => l == campaign.FallbackLanguage ? 0 : 1)
            .Select(l => (Language: l, Text: textIn(l)))
            .Where(t => !string.IsNullOrWhiteSpace(t.Text))
            .Select(t => new BreachLanguageText(t.Language, t.Text!))];

    /// <summary>One row per letter language ("Likely consequences (nb)"), or the one text when there are none.</summary>
    private static void Texts(StringBuilder html, string term, string text, IReadOnlyList<BreachLanguageText> byLanguage)
    {
        if (byLanguage.Count == 0)
        {
            Row(html, term, text);
        }
        foreach (var entry in byLanguage)
        {
            Row(html, $"{term} ({entry.Language})", entry.Text);
        }
    }

    private static void Row(StringBuilder html, string term, string value) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>");

    private static string E(string value) => WebUtility.HtmlEncode(value);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string T(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
