using System.Globalization;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Renders a citizen's letter on the way out from the campaign's letter in their language (fallback when none).
/// Placeholders: <c>{{organisation}}</c> (to whom: the organisation the access-log selector names, never a person),
/// <c>{{exposed}}</c> (what: the fields this citizen's CV exposed, from the access log, or else the campaign's data
/// categories), <c>{{from}}</c> and <c>{{to}}</c> (when: the window's dates), <c>{{measures}}</c> (what was done) and
/// <c>{{title}}</c>. Only campaign text, dates and field names go in: no citizen data, so no address, can reach a letter.
/// </summary>
public static class BreachLetterRenderer
{
    public static BreachLetter Render(BreachCampaign campaign, IReadOnlyDictionary<string, BreachLetter> letters, string language, IReadOnlyCollection<string>? exposedFields)
    {
        var letter = letters.TryGetValue(language, out var l) ? l : letters[campaign.FallbackLanguage];
        var exposed = exposedFields is { Count: > 0 } ? exposedFields : campaign.DataCategories;
        return new BreachLetter(Fill(letter.Subject, campaign, exposed), Fill(letter.Body, campaign, exposed));
    }

    /// <summary>The organisation of an access-log party ("employer:acme" -> "acme").</summary>
    public static string Organisation(BreachCampaign campaign) => campaign.Selector.Party is { } party
        ? party[(party.IndexOf(':', StringComparison.Ordinal) + 1)..]
        : "";

    private static string Fill(string text, BreachCampaign campaign, IReadOnlyCollection<string> exposed) => text
        .Replace("{{organisation}}", Organisation(campaign), StringComparison.Ordinal)
        .Replace("{{exposed}}", string.Join(", ", exposed), StringComparison.Ordinal)
        .Replace("{{from}}", campaign.WindowFrom.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{to}}", campaign.WindowTo.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{measures}}", campaign.MeasuresTaken ?? "", StringComparison.Ordinal)
        .Replace("{{title}}", campaign.Title, StringComparison.Ordinal);
}
