using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>The campaign draft contract, the state machine, the letter language and the art. 33 report, without I/O.</summary>
public sealed class BreachCampaignTests
{
    private static readonly HashSet<string> Registries = ["nav", "jobnet"];
    private static readonly DateTimeOffset Now = new(2026, 2, 17, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Example() =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "breach-campaign.json")))!.AsObject();

    private static (BreachDraft? Draft, IReadOnlyList<IntegrationHub.Core.Kernel.FieldError> Errors) Parse(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return BreachDraftParser.Parse(document.RootElement, Registries, "user-1", Now);
    }

    [Fact]
    public void Example_Parsed_IsAValidDraftWithEveryField()
    {
        var (draft, errors) = Parse(Example());

        Assert.Empty(errors);
        var campaign = draft!.Campaign;
        Assert.Equal((BreachStatus.Draft, BreachSelectorKinds.Exposure, "nav", "work-oriented-benefit"),
            (campaign.Status, campaign.Selector.Kind, campaign.Selector.Registry, campaign.Selector.Fact));
        Assert.Equal(["nb", "nn", "da", "nl", "en"], campaign.LetterLanguages);
        Assert.Equal("en", campaign.FallbackLanguage);
        Assert.Equal(["digital-mailbox", "paper"], campaign.ChannelPolicy.Channels);
        Assert.Equal(new BreachAction("created", "user-1", Now), Assert.Single(campaign.Audit));
    }

    [Fact]
    public void Schema_FactsAndLanguages_AgreeWithTheCore()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "schemas", "breach-campaign.schema.json")));
        var defs = schema.RootElement.GetProperty("$defs");

        var facts = defs.GetProperty("exposureSelector").GetProperty("properties").GetProperty("fact").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        var languages = defs.GetProperty("language").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(ExposureFacts.ByName.Keys.Order(StringComparer.Ordinal), facts.Order(StringComparer.Ordinal));
        Assert.Equal(BreachDraftParser.Languages, languages);
    }

    public static TheoryData<string, string, string> BadDrafts => new()
    {
        { """{"title": null}""", "/title", "type" },
        { """{"title": ""}""", "/title", "minLength" },
        { """{"detectedAt": "yesterday"}""", "/detectedAt", "format" },
        { """{"window": {"from": "2026-02-17T00:00:00Z", "to": "2026-01-01T00:00:00Z"}}""", "/window/to", "order" },
        { """{"window": {"from": "1980-01-01T00:00:00Z", "to": "2990-12-31T00:00:00Z"}}""", "/window/to", "maxRange" },
        { """{"dataCategories": ["shoe-size"]}""", "/dataCategories/0", "enum" },
        { """{"selector": {"kind": "exposure", "registry": "nope"}}""", "/selector/registry", "enum" },
        { """{"selector": {"kind": "guess"}}""", "/selector", "anyOf" },
        { """{"letters": {"fallback": "da", "nb": {"subject": "s", "body": "b"}}}""", "/letters/da", "required" },
        { """{"letters": {"fallback": "en", "en": {"subject": "s", "body": "b"}, "sv": {"subject": "s", "body": "b"}}}""", "/letters/sv", "additionalProperties" },
        { """{"channelPolicy": {"channels": []}}""", "/channelPolicy/channels", "minItems" },
        { """{"surplus": 1}""", "/surplus", "additionalProperties" },
        { """{"letters": {"fallback": "en", "en": {"subject": "s", "body": "Dear {{name}}, {{seen}}"}}}""", "/letters/en/body", "placeholder" },
        { """{"letters": {"fallback": "en", "en": {"subject": "About {{seen", "body": "b"}}}""", "/letters/en/subject", "placeholder" },
        { """{"letters": {"fallback": "en", "en": {"subject": "s", "body": "b"}, "nn": {"subject": "s", "body": "{{ dpo }}"}}}""", "/letters/nn/body", "placeholder" },
        { """{"letters": {"fallback": "en", "en": {"subject": "s", "body": "{{categories}} {{consequences}} {{measures}}"}}}""", "/letters/en/body", "gdpr-art34-content" },
        { """{"likelyConsequences": " "}""", "/likelyConsequences", "gdpr-art34-content" },
        { """{"measuresTaken": ""}""", "/measuresTaken", "gdpr-art34-content" },
        { """{"measuresTaken": "One text for letters in five languages."}""", "/measuresTaken", "gdpr-art34-content" },
        { """{"likelyConsequences": {"nb": "a", "nn": "b", "da": "c", "nl": "d"}}""", "/likelyConsequences/en", "gdpr-art34-content" },
        { """{"letters": {"fallback": "en", "en": {"subject": "s", "body": "{{categories}} {{consequences}} {{measures}} {{dpo}}"}}}""", "/likelyConsequences/nb", "gdpr-art34-content" },
        { """{"likelyConsequences": {"sv": "text"}}""", "/likelyConsequences/sv", "additionalProperties" },
        { """{"likelyConsequences": 5}""", "/likelyConsequences", "oneOf" },
    };

    [Theory]
    [MemberData(nameof(BadDrafts))]
    public void Parse_BrokenField_NamesTheFieldAndRule(string patch, string field, string rule)
    {
        var draft = Example();
        foreach (var (name, value) in JsonNode.Parse(patch)!.AsObject())
        {
            draft[name] = value?.DeepClone();
        }

        var (parsed, errors) = Parse(draft);

        Assert.Null(parsed);
        Assert.Contains(errors, e => e.Field == field && e.Rule == rule);
    }

    [Fact]
    public void Parse_TextTooLongInOneLanguage_NamesThatLanguagesField()
    {
        var draft = Example();
        draft["measuresTaken"]!["da"] = new string('å', 4001);

        var (parsed, errors) = Parse(draft);

        Assert.Null(parsed);
        Assert.Equal(("/measuresTaken/da", "maxLength"), (Assert.Single(errors).Field, errors[0].Rule));
    }

    [Fact]
    public void Parse_OneTextForLettersInOneLanguage_IsThatLanguagesText()
    {
        var draft = Example();
        draft["letters"] = JsonNode.Parse("""{"fallback": "nb", "nb": {"subject": "s", "body": "{{categories}} {{consequences}} {{measures}} {{dpo}}"}}""");
        draft["likelyConsequences"] = "Arbeidsgivere kan ha sett CV-en din.";
        draft["measuresTaken"] = "Tilgangen er stengt.";

        var (parsed, errors) = Parse(draft);

        Assert.Empty(errors);
        Assert.Equal(("Arbeidsgivere kan ha sett CV-en din.", "Tilgangen er stengt."), (parsed!.Campaign.ConsequencesIn("nb"), parsed.Campaign.MeasuresIn("nb")));
        Assert.Null(parsed.Campaign.LikelyConsequencesByLanguage);
    }

    [Fact]
    public void Example_TextsPerLanguage_AreStoredPerLanguage_AndTheReportListsThemFallbackFirst()
    {
        var campaign = Parse(Example()).Draft!.Campaign;

        var report = BreachReport.From(campaign, Now);

        Assert.Contains("CV-en din er fortsatt lagret", campaign.MeasuresIn("nb"), StringComparison.Ordinal);
        Assert.Equal(["en", "nb", "nn", "da", "nl"], report.LikelyConsequencesByLanguage.Select(t => t.Language));
        Assert.Equal(campaign.ConsequencesIn("en"), report.LikelyConsequences);
        Assert.Contains("Measures taken or proposed (da)", report.ToHtml(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CitizenList_KeepsEachIdOnce()
    {
        var draft = Example();
        draft["selector"] = JsonNode.Parse("""{"kind": "citizens", "registry": "nav", "citizenIds": ["a", "b", "a"]}""");

        var (parsed, errors) = Parse(draft);

        Assert.Empty(errors);
        Assert.Equal(["a", "b"], parsed!.CitizenIds);
        Assert.Equal(2, parsed.Campaign.Selector.CitizenCount);
    }

    [Theory]
    [InlineData(BreachStatus.Draft, BreachService.Actions.Approve, BreachStatus.Approved)]
    [InlineData(BreachStatus.Approved, BreachService.Actions.Start, BreachStatus.Running)]
    [InlineData(BreachStatus.Running, BreachService.Actions.Pause, BreachStatus.Paused)]
    [InlineData(BreachStatus.Paused, BreachService.Actions.Resume, BreachStatus.Running)]
    [InlineData(BreachStatus.Paused, BreachService.Actions.Cancel, BreachStatus.Cancelled)]
    [InlineData(BreachStatus.Draft, BreachService.Actions.Start, null)]
    [InlineData(BreachStatus.Running, BreachService.Actions.Resume, null)]
    [InlineData(BreachStatus.Approved, BreachService.Actions.Approve, null)]
    [InlineData(BreachStatus.Cancelled, BreachService.Actions.Cancel, null)]
    [InlineData(BreachStatus.Cancelled, BreachService.Actions.Resume, null)]
    public void Next_StateAndAction_IsTheLegalMoveOrNone(string status, string action, string? expected)
    {
        Assert.Equal(expected, BreachService.Next(status, action));
    }

    [Theory]
    [InlineData(BreachStatus.Completed, BreachStatus.Reported)]
    [InlineData(BreachStatus.Cancelled, BreachStatus.Reported)]
    [InlineData(BreachStatus.Reported, null)]
    public void Next_FinishedCampaign_AllowsOnlyFilingTheReport(string status, string? afterReport)
    {
        // The console offers no Dry run, Approve, Start, Pause, Resume or Cancel here; the API refuses them the same way.
        string[] actions = [BreachService.Actions.Approve, BreachService.Actions.Start, BreachService.Actions.Pause, BreachService.Actions.Resume, BreachService.Actions.Cancel];

        Assert.All(actions, action => Assert.Null(BreachService.Next(status, action)));
        Assert.Equal(afterReport, BreachService.Next(status, BreachService.Actions.ReportFiled));
    }

    [Theory]
    [InlineData("nb", "nb")]
    [InlineData("no", "nb")]
    [InlineData("da", "da")]
    [InlineData("de", "en")]
    [InlineData("sv", "en")]
    [InlineData(null, "en")]
    public void LetterLanguage_CvLanguage_IsTheCampaignsLetterOrTheFallback(string? cvLanguage, string expected)
    {
        var campaign = Parse(Example()).Draft!.Campaign;

        Assert.Equal(expected, AudienceResolver.LetterLanguage(campaign, cvLanguage));
    }

    [Theory]
    [InlineData(71, true)]
    [InlineData(73, false)]
    public void Report_HoursAfterDetection_SaysWhetherThe72HourDeadlineIsMet(int hours, bool met)
    {
        var campaign = Parse(Example()).Draft!.Campaign;

        var report = BreachReport.From(campaign, campaign.DetectedAt.AddHours(hours));

        Assert.Equal(campaign.DetectedAt.AddHours(72), report.Timeline.Deadline);
        Assert.Equal(met, report.Timeline.DeadlineMet);
        Assert.Null(report.ApproximateNumberOfPeople);
    }

    [Fact]
    public void ReportHtml_ValuesWithMarkup_AreEncoded()
    {
        var campaign = Parse(Example()).Draft!.Campaign with { Title = "<script>x</script>" };

        var html = BreachReport.From(campaign, Now).ToHtml();

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }
}
