using System.Text.RegularExpressions;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Renders a citizen's letter on the way out from the campaign's letter in their language (fallback when none).
/// Placeholders: <c>{{seen}}</c> (whether the CV was seen and by which parties, never a person), <c>{{categories}}</c>
/// (which data, in plain words: what the reads held when the CV was seen, else the campaign's categories;
/// <c>{{exposed}}</c> is the same), <c>{{consequences}}</c> and <c>{{measures}}</c> (the campaign's text in the letter's
/// language), <c>{{complaint}}</c> (the registry's
/// complaint route), <c>{{dpo}}</c> (its data protection officer), <c>{{organisation}}</c> (the access-log selector's
/// party), <c>{{from}}</c>, <c>{{to}}</c> and <c>{{title}}</c>. The sentences come from <see cref="BreachLetterTexts"/>; the
/// filling is <see cref="BreachLetterTemplates"/>'s (the order of <see cref="Placeholders"/> is its slots').
/// Only campaign text, dates, party names and the hub's sentences go in: no citizen data, so no address, can reach a letter.
/// </summary>
public static partial class BreachLetterRenderer
{
    /// <summary>Every placeholder a letter may use; anything else between <c>{{</c> and <c>}}</c> is refused at draft time.</summary>
    public static IReadOnlyList<string> Placeholders { get; } =
        ["seen", "categories", "exposed", "consequences", "measures", "complaint", "dpo", "organisation", "from", "to", "title"];

    /// <summary>
    /// One letter. The fan-out renders through <see cref="BreachLetterTemplates"/> made once per page; this parses the
    /// campaign's letters for the one call (previews, tests).
    /// </summary>
    public static BreachLetter Render(BreachCampaign campaign, IReadOnlyDictionary<string, BreachLetter> letters, string language, BreachLetterContext context) =>
        BreachLetterTemplates.For(campaign, letters).Render(language, context);

    /// <summary>The placeholders of a letter text that the hub does not know, as written (a "{{" never closed included).</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string text)
    {
        var unknown = new List<string>();
        for (var at = text.IndexOf("{{", StringComparison.Ordinal); at >= 0; at = text.IndexOf("{{", at + 2, StringComparison.Ordinal))
        {
            var match = Token().Match(text, at);
            if (!match.Success || match.Index != at || !Placeholders.Contains(match.Groups[1].Value, StringComparer.Ordinal))
            {
                unknown.Add(match.Success && match.Index == at ? match.Value : text[at..Math.Min(text.Length, at + 20)]);
            }
        }
        return unknown;
    }

    /// <summary>The known placeholders a letter text uses (what <see cref="BreachLetterContent"/> requires is checked against these).</summary>
    public static IReadOnlySet<string> PlaceholdersIn(string text) =>
        Token().Matches(text).Select(m => m.Groups[1].Value).Where(p => Placeholders.Contains(p, StringComparer.Ordinal)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The party as a letter names it: the access log's "employer:acme" -> "acme".</summary>
    public static string PartyName(string party) => party[(party.IndexOf(':', StringComparison.Ordinal) + 1)..];

    /// <summary>The organisation of an access-log selector's party ("employer:acme" -> "acme").</summary>
    public static string Organisation(BreachCampaign campaign) => campaign.Selector.Party is { } party ? PartyName(party) : "";

    [GeneratedRegex(@"\{\{([a-z]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
