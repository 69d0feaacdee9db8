using System.Collections.Concurrent;
using System.Globalization;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// A campaign's letters parsed once (per page of the fan-out, not per letter; ADR 0049): each letter language's subject
/// and body cut into text and placeholder slots, the campaign's own values (title, dates, organisation, consequences,
/// measures, the campaign's categories in plain words) worked out once per language. A letter is then the slots filled
/// into one string of the exact length. A citizen whose CV nobody read (or who has none) gets the same letter as every
/// other such citizen of the language and registry, so that letter is made once and shared. The text is what
/// <see cref="BreachLetterRenderer"/>'s one-pass regex replacement gave, byte for byte (pinned by BreachLetterPinTests):
/// a placeholder is <c>{{</c>, lowercase ASCII letters, <c>}}</c>, found left to right; an unknown name stays as written;
/// a value is never filled again.
/// </summary>
public sealed class BreachLetterTemplates
{
    private const int Seen = 0;
    private const int Categories = 1;
    private const int Exposed = 2;
    private const int Complaint = 5;
    private const int Dpo = 6;

    private readonly BreachCampaign _campaign;
    private readonly IReadOnlyDictionary<string, BreachLetter> _letters;
    private readonly Dictionary<string, Compiled> _languages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Language, bool Looked, string? Complaint, string? Dpo), BreachLetter> _shared = new();

    private BreachLetterTemplates(BreachCampaign campaign, IReadOnlyDictionary<string, BreachLetter> letters)
    {
        _campaign = campaign;
        _letters = letters;
        foreach (var (language, letter) in letters)
        {
            if (BreachLetterTexts.ByLanguage.TryGetValue(language, out var phrases))
            {
                _languages[language] = new Compiled(phrases, Parse(letter.Subject), Parse(letter.Body), CampaignValues(campaign, language, phrases));
            }
        }
    }

    public static BreachLetterTemplates For(BreachCampaign campaign, IReadOnlyDictionary<string, BreachLetter> letters) => new(campaign, letters);

    /// <summary>The citizen's letter in <paramref name="language"/> (the fallback's when the campaign has no letter in it).</summary>
    public BreachLetter Render(string language, BreachLetterContext context) =>
        Render(language, context.SeenBy, context.SeenCategories, context.ComplaintUrl, context.DpoContact);

    /// <inheritdoc cref="Render(string, BreachLetterContext)"/>
    public BreachLetter Render(string language, IReadOnlyList<string>? seenBy, IReadOnlyList<string>? seenCategories, string? complaintUrl, string? dpoContact)
    {
        var used = _letters.ContainsKey(language) ? language : _campaign.FallbackLanguage;
        if (!_languages.TryGetValue(used, out var template))
        {
            // No letter in the fallback language, or a language the hub has no sentences for: fail as the lookups always did.
            _ = _letters[used];
            _ = BreachLetterTexts.ByLanguage[used];
            throw new InvalidOperationException($"No letter template for '{used}'.");
        }
        if (seenBy is not { Count: > 0 })
        {
            // Not looked up, or nobody read the CV: nothing of the citizen's own in the letter, so one letter serves them all.
            return _shared.GetOrAdd((used, seenBy is not null, complaintUrl, dpoContact),
                static (key, t) => t.Fill(t.Template(key.Language), key.Looked ? t.Template(key.Language).Phrases.NotSeen : "", null, key.Complaint, key.Dpo), this);
        }
        var parties = new List<string>(seenBy.Count);
        foreach (var party in seenBy)
        {
            var name = BreachLetterRenderer.PartyName(party);
            if (!parties.Contains(name, StringComparer.Ordinal))
            {
                parties.Add(name);
            }
        }
        var seen = string.Format(CultureInfo.InvariantCulture, template.Phrases.SeenBy, BreachLetterTexts.List(template.Phrases, parties));
        // Seen: what the reads held; nothing the log names: what the campaign says was exposed.
        var categories = seenCategories is { Count: > 0 } held ? CategoriesText(template.Phrases, BreachDataCategories.Ordered(held)) : null;
        return Fill(template, seen, categories, complaintUrl, dpoContact);
    }

    private Compiled Template(string used) => _languages[used];

    private BreachLetter Fill(Compiled template, string seen, string? categories, string? complaintUrl, string? dpoContact)
    {
        var values = (string[])template.Values.Clone();
        values[Seen] = seen;
        if (categories is not null)
        {
            values[Categories] = values[Exposed] = categories;
        }
        values[Complaint] = complaintUrl ?? "";
        values[Dpo] = dpoContact ?? "";
        return new BreachLetter(Fill(template.Subject, values), Fill(template.Body, values));
    }

    /// <summary>Every slot's value but the citizen's and the registry's: seen, complaint and dpo are filled per letter.</summary>
    private static string[] CampaignValues(BreachCampaign campaign, string language, BreachLetterPhrases phrases)
    {
        var data = CategoriesText(phrases, BreachDataCategories.Ordered(campaign.DataCategories));
        var values = new string[BreachLetterRenderer.Placeholders.Count];
        values[Seen] = "";
        values[Categories] = data;
        values[Exposed] = data;
        // The letter's own language's text (ADR 0034 update); one text only where every letter is in one language.
        values[3] = campaign.ConsequencesIn(language) ?? "";
        values[4] = campaign.MeasuresIn(language) ?? "";
        values[Complaint] = "";
        values[Dpo] = "";
        values[7] = BreachLetterRenderer.Organisation(campaign);
        values[8] = campaign.WindowFrom.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        values[9] = campaign.WindowTo.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        values[10] = campaign.Title;
        return values;
    }

    private static string CategoriesText(BreachLetterPhrases phrases, IReadOnlyList<string> categories)
    {
        var words = new string[categories.Count];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = phrases.Categories[categories[i]];
        }
        return BreachLetterTexts.List(phrases, words);
    }

    /// <summary>Text and slots, as the regex <c>\{\{([a-z]+)\}\}</c> finds them left to right; unknown names stay text.</summary>
    private static Part[] Parse(string text)
    {
        var parts = new List<Part>();
        var literal = 0;
        var i = 0;
        while (i < text.Length - 1)
        {
            if (text[i] == '{' && text[i + 1] == '{')
            {
                var end = i + 2;
                while (end < text.Length && text[end] is >= 'a' and <= 'z')
                {
                    end++;
                }
                if (end > i + 2 && end + 1 < text.Length && text[end] == '}' && text[end + 1] == '}')
                {
                    var slot = IndexOf(text.AsSpan(i + 2, end - i - 2));
                    if (slot >= 0)
                    {
                        if (i > literal)
                        {
                            parts.Add(new Part(text[literal..i], -1));
                        }
                        parts.Add(new Part(null, slot));
                        literal = end + 2;
                    }
                    i = end + 2;
                    continue;
                }
            }
            i++;
        }
        if (literal < text.Length)
        {
            parts.Add(new Part(text[literal..], -1));
        }
        return [.. parts];
    }

    private static int IndexOf(ReadOnlySpan<char> name)
    {
        var placeholders = BreachLetterRenderer.Placeholders;
        for (var i = 0; i < placeholders.Count; i++)
        {
            if (name.SequenceEqual(placeholders[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Fill(Part[] parts, string[] values)
    {
        var length = 0;
        foreach (var part in parts)
        {
            length += (part.Text ?? values[part.Slot]).Length;
        }
        return string.Create(length, (parts, values), static (span, state) =>
        {
            foreach (var part in state.parts)
            {
                var text = part.Text ?? state.values[part.Slot];
                text.CopyTo(span);
                span = span[text.Length..];
            }
        });
    }

    /// <summary>Text (<see cref="Text"/> set) or the placeholder at <see cref="Slot"/> of <see cref="BreachLetterRenderer.Placeholders"/>.</summary>
    private readonly record struct Part(string? Text, int Slot);

    private sealed record Compiled(BreachLetterPhrases Phrases, Part[] Subject, Part[] Body, string[] Values);
}
