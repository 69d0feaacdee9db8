using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Renders a citizen's letter on the way out from the campaign's letter in their language (fallback when none).
/// Placeholders: <c>{{seen}}</c> (whether the CV was seen and by which parties, never a person), <c>{{categories}}</c>
/// (which data, in plain words: what the reads held when the CV was seen, else the campaign's categories;
/// <c>{{exposed}}</c> is the same), <c>{{consequences}}</c> and <c>{{measures}}</c> (the campaign's text in the letter's
/// language), <c>{{complaint}}</c> (the registry's
/// complaint route), <c>{{dpo}}</c> (its data protection officer), <c>{{organisation}}</c> (the access-log selector's
/// party), <c>{{from}}</c>, <c>{{to}}</c> and <c>{{title}}</c>. The sentences come from <see cref="BreachLetterTexts"/>.
/// Only campaign text, dates, party names and the hub's sentences go in: no citizen data, so no address, can reach a letter.
/// </summary>
public static partial class BreachLetterRenderer
{
    /// <summary>Every placeholder a letter may use; anything else between <c>{{</c> and <c>}}</c> is refused at draft time.</summary>
    public static IReadOnlyList<string> Placeholders { get; } =
        ["seen", "categories", "exposed", "consequences", "measures", "complaint", "dpo", "organisation", "from", "to", "title"];

    public static BreachLetter Render(BreachCampaign campaign, IReadOnlyDictionary<string, BreachLetter> letters, string language, BreachLetterContext context)
    {
        var used = letters.ContainsKey(language) ? language : campaign.FallbackLanguage;
        var letter = letters[used];
        var phrases = BreachLetterTexts.ByLanguage[used];
        var values = Values(campaign, used, phrases, context);
        return new BreachLetter(Fill(letter.Subject, values), Fill(letter.Body, values));
    }

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

    private static Dictionary<string, string> Values(BreachCampaign campaign, string language, BreachLetterPhrases phrases, BreachLetterContext context)
    {
        var seen = context.SeenBy switch
        {
            null => "",
            { Count: 0 } => phrases.NotSeen,
            var parties => string.Format(CultureInfo.InvariantCulture, phrases.SeenBy,
                BreachLetterTexts.List(phrases, [.. parties.Select(PartyName).Distinct(StringComparer.Ordinal)])),
        };
        // Seen: what the reads held; not seen (or nothing the log names): what the campaign says was exposed.
        var categories = context.SeenBy is { Count: > 0 } && context.SeenCategories is { Count: > 0 } held
            ? BreachDataCategories.Ordered(held)
            : BreachDataCategories.Ordered(campaign.DataCategories);
        var data = BreachLetterTexts.List(phrases, [.. categories.Select(c => phrases.Categories[c])]);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seen"] = seen,
            ["categories"] = data,
            ["exposed"] = data,
            // The letter's own language's text (ADR 0034 update); one text only where every letter is in one language.
            ["consequences"] = campaign.ConsequencesIn(language) ?? "",
            ["measures"] = campaign.MeasuresIn(language) ?? "",
            ["complaint"] = context.ComplaintUrl ?? "",
            ["dpo"] = context.DpoContact ?? "",
            ["organisation"] = Organisation(campaign),
            ["from"] = campaign.WindowFrom.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = campaign.WindowTo.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["title"] = campaign.Title,
        };
    }

    // One pass, so a value that happens to contain "{{x}}" (a campaign's own text) is never filled again.
    private static string Fill(string text, Dictionary<string, string> values) =>
        Token().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\{\{([a-z]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
