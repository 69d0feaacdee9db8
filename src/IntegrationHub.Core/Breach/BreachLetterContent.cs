using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// What every letter of a campaign must be able to say, checked at draft and again at approval (ADR 0034, docs/breach.md).
/// GDPR art. 34(2) (Regulation (EU) 2016/679, OJ L 119, 4.5.2016): the communication describes the nature of the breach
/// in clear and plain language and contains at least art. 33(3)(b) the DPO's or another contact point's name and contact
/// details, (c) the likely consequences and (d) the measures taken or proposed; Datatilsynet (NO) lists the same minimum
/// ("Krav til informasjon til de berørte", datatilsynet.no/.../avvikshandtering/ma-si-fra-til-berorte/).
/// Every letter (each language, subject and body together) must hold a placeholder for each, and the campaign's own
/// consequences and measures must not be blank, or those placeholders would fill with nothing; and they must be in the
/// letter's own language: a text per letter language, or one text when every letter is in one language (ADR 0034 update).
/// </summary>
public static class BreachLetterContent
{
    /// <summary>The rule every error names.</summary>
    public const string Rule = "gdpr-art34-content";

    /// <summary>
    /// What the law asks for and the placeholders that say it (any one of them). The nature is <c>{{categories}}</c>
    /// (alias <c>{{exposed}}</c>): the data concerned, in plain words in the letter's own language, which art. 33(3)(a)
    /// names as part of a breach's nature; <c>{{title}}</c> is one string in whatever language the team wrote it.
    /// </summary>
    public static IReadOnlyList<(string What, IReadOnlyList<string> Placeholders)> Required { get; } =
    [
        ("the nature of the breach (art. 34(2))", ["categories", "exposed"]),
        ("the data protection officer's contact (art. 33(3)(b))", ["dpo"]),
        ("the likely consequences (art. 33(3)(c))", ["consequences"]),
        ("the measures taken or proposed (art. 33(3)(d))", ["measures"]),
    ];

    /// <summary>The errors of a stored campaign's content (at approval), by the same rule as at draft.</summary>
    public static IReadOnlyList<FieldError> Check(BreachCampaign campaign, IReadOnlyDictionary<string, BreachLetter> letters) =>
        Check(campaign.LikelyConsequences, campaign.LikelyConsequencesByLanguage, campaign.MeasuresTaken, campaign.MeasuresTakenByLanguage, letters);

    /// <summary>
    /// The errors of a campaign's content: consequences and measures missing, blank, or not in every letter's language
    /// (one text only while the letters are in one language; a text per language otherwise, and none for a language
    /// without a letter), and each letter lacking a required placeholder.
    /// </summary>
    public static IReadOnlyList<FieldError> Check(
        string? likelyConsequences, IReadOnlyDictionary<string, string>? consequencesByLanguage,
        string? measuresTaken, IReadOnlyDictionary<string, string>? measuresByLanguage,
        IReadOnlyDictionary<string, BreachLetter> letters)
    {
        var errors = new List<FieldError>();
        var languages = BreachDraftParser.Languages.Where(letters.ContainsKey).ToList();
        CheckText(errors, "/likelyConsequences", "the likely consequences of the breach (GDPR art. 34(2), 33(3)(c))", likelyConsequences, consequencesByLanguage, languages);
        CheckText(errors, "/measuresTaken", "the measures taken or proposed (GDPR art. 34(2), 33(3)(d))", measuresTaken, measuresByLanguage, languages);
        foreach (var language in languages)
        {
            var used = BreachLetterRenderer.PlaceholdersIn(letters[language].Subject + "\n" + letters[language].Body);
            var missing = Required.Where(r => !r.Placeholders.Any(used.Contains)).ToList();
            if (missing.Count > 0)
            {
                errors.Add(new FieldError($"/letters/{language}/body", Rule,
                    "the letter (subject and body together) must contain " + string.Join(", ", missing.Select(m => string.Join(" or ", m.Placeholders.Select(p => "{{" + p + "}}")) + " for " + m.What))
                    + " (GDPR art. 34(2))"));
            }
        }
        return errors;
    }

    /// <summary>
    /// One text every letter says: a plain text is that of the one letter language; with letters in several languages a
    /// letter in one language would carry a paragraph in another, which is not "clear and plain language" to its reader.
    /// </summary>
    private static void CheckText(List<FieldError> errors, string field, string what, string? text, IReadOnlyDictionary<string, string>? byLanguage, IReadOnlyList<string> languages)
    {
        if (byLanguage is null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add(new FieldError(field, Rule, $"is required and must not be blank: every letter describes {what}"));
            }
            else if (languages.Count > 1)
            {
                errors.Add(new FieldError(field, Rule,
                    $"is one text, but the letters are in {languages.Count} languages ({string.Join(", ", languages)}): give one text per letter language, "
                    + $"{{\"{languages[0]}\": \"...\", \"{languages[1]}\": \"...\"}}, so that every letter describes {what} in its own language"));
            }
            return;
        }
        foreach (var language in languages.Where(l => string.IsNullOrWhiteSpace(byLanguage.GetValueOrDefault(l))))
        {
            errors.Add(new FieldError($"{field}/{language}", Rule, $"is required and must not be blank: the {language} letter describes {what} in its own language"));
        }
        foreach (var language in byLanguage.Keys.Where(k => !languages.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
        {
            errors.Add(new FieldError($"{field}/{language}", Rule,
                $"the campaign has no letter in '{language}', so this text would never be sent (a typo?); its letters are in: {string.Join(", ", languages)}"));
        }
    }

    /// <summary>The campaign's registries (from its dry run) whose letters would have no DPO contact: named, never a citizen.</summary>
    public static IReadOnlyList<FieldError> CheckRegistries(BreachAudienceSummary audience, BreachDeliveryOptions options) =>
        [.. audience.ByRegistry
            .Where(r => r.Count > 0 && string.IsNullOrWhiteSpace(options.Registries.GetValueOrDefault(r.Key)?.DpoContact))
            .Select(r => new FieldError($"Hub:Breach:Registries:{r.Key}:DpoContact", Rule,
                $"registry '{r.Key}' has {r.Count} citizen(s) in this campaign but no data protection officer contact: their letters' {{{{dpo}}}} would be empty (GDPR art. 33(3)(b))"))];
}
