using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Core.Breach;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>The hub's letter sentences in every letter language, and letters rendered with every placeholder, without I/O.</summary>
public sealed partial class BreachLetterTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 17, 12, 0, 0, TimeSpan.Zero);

    private const string EveryPlaceholder =
        "{{title}}: {{seen}} {{categories}} / {{exposed}}. {{consequences}} {{measures}} {{complaint}} {{dpo}} {{organisation}} {{from}}-{{to}}";

    private static readonly Dictionary<string, BreachLetter> Letters =
        BreachDraftParser.Languages.ToDictionary(l => l, l => new BreachLetter("{{title}} ({{from}})", EveryPlaceholder));

    internal static BreachCampaign Campaign(IReadOnlyList<string>? categories = null) => new()
    {
        Id = "k2v7q9x4m1c8d3f6",
        Title = "Acme saw too much",
        Description = "d",
        DetectedAt = Now,
        WindowFrom = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero),
        WindowTo = new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero),
        DataCategories = categories ?? SchemaCategories(),
        LikelyConsequences = "Unwanted contact.",
        MeasuresTaken = "Access closed.",
        Selector = new BreachSelector { Kind = BreachSelectorKinds.AccessLog, Party = "employer:acme" },
        FallbackLanguage = "en",
        LetterLanguages = BreachDraftParser.Languages,
        ChannelPolicy = new BreachChannelPolicy { Channels = ["paper"] },
        Status = BreachStatus.Running,
        CreatedAt = Now,
        Audit = [],
    };

    private static List<string> SchemaCategories()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "schemas", "breach-campaign.schema.json")));
        return [.. schema.RootElement.GetProperty("properties").GetProperty("dataCategories").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];
    }

    public static TheoryData<string> Languages => [.. BreachDraftParser.Languages];

    [Fact]
    public void Texts_EveryLetterLanguage_HasSentencesAndEverySchemaCategory()
    {
        Assert.Equal(BreachDraftParser.Languages.Order(StringComparer.Ordinal), BreachLetterTexts.ByLanguage.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(SchemaCategories().Order(StringComparer.Ordinal), BreachLetterTexts.CategoryOrder.Order(StringComparer.Ordinal));
        foreach (var (language, phrases) in BreachLetterTexts.ByLanguage)
        {
            Assert.Contains("{0}", phrases.SeenBy, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(phrases.NotSeen), language);
            Assert.Equal(SchemaCategories().Order(StringComparer.Ordinal), phrases.Categories.Keys.Order(StringComparer.Ordinal));
            Assert.All(phrases.Categories.Values.Append(phrases.NotSeen).Append(phrases.SeenBy), p => Assert.False(FieldPath().IsMatch(p), $"{language}: '{p}' reads like a field path"));
        }
    }

    [Fact]
    public void Texts_Languages_AreReallyTranslated_NoTwoLanguagesShareASentence()
    {
        var notSeen = BreachLetterTexts.ByLanguage.Values.Select(p => p.NotSeen).ToList();
        var work = BreachLetterTexts.ByLanguage.Values.Select(p => p.Categories["work-experience"]).ToList();

        Assert.Equal(notSeen.Count, notSeen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(work.Count, work.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Render_Seen_SaysByWhichPartyAndWhatInPlainWords_AndFillsEveryPlaceholder(string language)
    {
        var phrases = BreachLetterTexts.ByLanguage[language];

        var letter = BreachLetterRenderer.Render(Campaign(), Letters, language,
            new BreachLetterContext(["employer:acme", "board:eures"], ["work-experience", "education"], "https://complain.example/nav", "dpo@nav.example"));

        Assert.Contains(string.Format(phrases.SeenBy, $"acme {phrases.And} eures"), letter.Body, StringComparison.Ordinal);
        Assert.Contains($"{phrases.Categories["work-experience"]} {phrases.And} {phrases.Categories["education"]}", letter.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(phrases.Categories["contact-details"], letter.Body, StringComparison.Ordinal); // what the reads held, not the campaign's list
        Assert.Contains("https://complain.example/nav", letter.Body, StringComparison.Ordinal);
        Assert.Contains("dpo@nav.example", letter.Body, StringComparison.Ordinal);
        Assert.Contains("Unwanted contact.", letter.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("employer:", letter.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", letter.Body + letter.Subject, StringComparison.Ordinal);
        Assert.Equal("Acme saw too much (2026-02-01)", letter.Subject);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Render_NotSeen_SaysSoAndListsTheCampaignsCategories(string language)
    {
        var phrases = BreachLetterTexts.ByLanguage[language];

        var letter = BreachLetterRenderer.Render(Campaign(["location", "work-experience"]), Letters, language, new BreachLetterContext([], [], null, null));

        Assert.Contains(phrases.NotSeen, letter.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(string.Format(phrases.SeenBy, ""), letter.Body, StringComparison.Ordinal);
        Assert.Contains($"{phrases.Categories["location"]} {phrases.And} {phrases.Categories["work-experience"]}", letter.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", letter.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LanguageWithoutLetter_UsesTheFallbackLettersLanguageForTheSentencesToo()
    {
        var letters = new Dictionary<string, BreachLetter> { ["en"] = new("s", "{{seen}}") };

        var letter = BreachLetterRenderer.Render(Campaign() with { LetterLanguages = ["en"] }, letters, "nl", new BreachLetterContext([], [], null, null));

        Assert.Equal(BreachLetterTexts.ByLanguage["en"].NotSeen, letter.Body);
    }

    [Fact]
    public void Render_TextsPerLanguage_EachLetterSaysItsOwnLanguages_ALanguageWithoutALetterGetsTheFallbacks()
    {
        // GDPR art. 34(2) "clear and plain language": an nb letter with an English paragraph is not that (ADR 0034 update).
        var letters = new Dictionary<string, BreachLetter> { ["nb"] = new("s", "{{consequences}} {{measures}}"), ["en"] = new("s", "{{consequences}} {{measures}}") };
        var campaign = Campaign() with
        {
            LetterLanguages = ["nb", "en"],
            LikelyConsequences = null,
            MeasuresTaken = null,
            LikelyConsequencesByLanguage = new Dictionary<string, string> { ["nb"] = "Uønsket kontakt.", ["en"] = "Unwanted contact." },
            MeasuresTakenByLanguage = new Dictionary<string, string> { ["nb"] = "Tilgangen er stengt.", ["en"] = "Access closed." },
        };

        var nb = BreachLetterRenderer.Render(campaign, letters, "nb", BreachLetterContext.None);
        var da = BreachLetterRenderer.Render(campaign, letters, "da", BreachLetterContext.None);

        Assert.Equal("Uønsket kontakt. Tilgangen er stengt.", nb.Body);
        Assert.Equal("Unwanted contact. Access closed.", da.Body);
    }

    [Fact]
    public void Render_ValueHoldingAPlaceholder_IsNotFilledAgain()
    {
        var letter = BreachLetterRenderer.Render(Campaign() with { MeasuresTaken = "{{dpo}}" }, Letters, "en", new BreachLetterContext([], [], "https://c.example", "dpo@x.example"));

        Assert.Contains("{{dpo}} https://c.example dpo@x.example", letter.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Categories_AccessLogFields_BecomeCategoriesInLetterOrder_UnknownFieldsLeftOut()
    {
        var categories = BreachDataCategories.FromFields(["workExperience", "language", "personalDetails.email", "summary", "lastActivity", "occupations", "personalDetails.nickname", "education", "courses"]);

        Assert.Equal(["personal-details", "contact-details", "cv-text", "work-experience", "education", "occupation"], categories);
    }

    [Theory]
    [InlineData("Dear {{name}}", "{{name}}")]
    [InlineData("{{ seen }}", "{{ seen }}")]
    [InlineData("About {{seen", "{{seen")]
    [InlineData("{{SEEN}}", "{{SEEN}}")]
    public void UnknownPlaceholders_NotOneOfTheHubs_AreNamed(string text, string expected) =>
        Assert.Equal(expected, Assert.Single(BreachLetterRenderer.UnknownPlaceholders(text)));

    [Fact]
    public void UnknownPlaceholders_EveryKnownOne_IsAccepted() =>
        Assert.Empty(BreachLetterRenderer.UnknownPlaceholders(EveryPlaceholder + " {single} braces are text"));

    // A field path or schema name: a dot or brackets between letters, camelCase, or a category key such as "cv-text".
    [GeneratedRegex(@"[a-z]\.[a-z]|\[\]|[a-z][A-Z]|\b(cv-text|work-experience|contact-details|personal-details|benefit-status|special-category)\b")]
    private static partial Regex FieldPath();
}
