using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>The registry delivery contract, letters rendered on the way out, the channel pace and the progress, without I/O.</summary>
public sealed class BreachDeliveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 17, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonSchemaValidator Contract = new("breach-delivery-request.schema.json", "breach delivery request");

    private static BreachCampaign Campaign(string selectorKind = BreachSelectorKinds.AccessLog, int? rate = null, BreachAudienceSummary? audience = null) => new()
    {
        Id = "k2v7q9x4m1c8d3f6",
        Title = "Acme saw too much",
        Description = "d",
        DetectedAt = Now,
        WindowFrom = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero),
        WindowTo = new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero),
        DataCategories = ["cv-text", "contact-details"],
        MeasuresTaken = "Access closed.",
        Selector = new BreachSelector { Kind = selectorKind, Party = selectorKind == BreachSelectorKinds.AccessLog ? "employer:acme" : null, Registry = "nav" },
        FallbackLanguage = "en",
        LetterLanguages = ["nb", "en"],
        ChannelPolicy = new BreachChannelPolicy { Channels = ["digital-mailbox", "paper"], RatePerMinute = rate },
        Status = BreachStatus.Running,
        CreatedAt = Now,
        Audit = [new BreachAction("start", "u", Now.AddMinutes(-10))],
        Audience = audience,
    };

    private static BreachAudienceSummary Audience(long citizens, params BreachCount[] byChannel) => new()
    {
        RunId = "run",
        CompletedAt = Now,
        Citizens = citizens,
        Records = citizens,
        UnresolvedCvs = 0,
        ByRegistry = [],
        ByLanguage = [],
        ByChannel = byChannel,
        ByProtectedStatus = [],
    };

    private static readonly Dictionary<string, BreachLetter> Letters = new()
    {
        ["nb"] = new("Om CV-en din", "{{organisation}} så {{exposed}} mellom {{from}} og {{to}}. {{measures}}"),
        ["en"] = new("About {{title}}", "{{organisation}} saw {{exposed}} between {{from}} and {{to}}. {{measures}}"),
    };

    [Fact]
    public void ContractExample_Validated_HasNoErrors()
    {
        using var example = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "breach-delivery-request.json")));

        Assert.Empty(Contract.Validate(example.RootElement));
    }

    [Fact]
    public void RequestTheHubSends_Serialized_ValidatesAgainstTheContract_KeyIsCampaignAndCitizen()
    {
        var request = new RegistryDeliveryRequest
        {
            CampaignId = "k2v7q9x4m1c8d3f6",
            CitizenId = "cit-1",
            IdempotencyKey = RegistryDeliveryRequest.KeyOf("k2v7q9x4m1c8d3f6", "cit-1"),
            Channel = BreachChannels.Secure,
            PreferredChannels = [],
            Language = "nb",
            Subject = "s",
            Body = "b",
        };

        using var json = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(request, BreachJson.Default.RegistryDeliveryRequest));

        Assert.Empty(Contract.Validate(json.RootElement));
        Assert.Equal("k2v7q9x4m1c8d3f6:cit-1", json.RootElement.GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public void Contract_UnknownChannel_IsRejectedNamingTheField()
    {
        var example = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "breach-delivery-request.json")))!.AsObject();
        example["channel"] = "paper";
        using var document = JsonDocument.Parse(example.ToJsonString());

        Assert.Contains(Contract.Validate(document.RootElement), e => e.Field == "/channel");
    }

    [Fact]
    public void Render_AccessLogCampaign_FillsOrganisationCategoriesInPlainWordsAndDates_InTheCitizensLanguage()
    {
        var letter = BreachLetterRenderer.Render(Campaign(), Letters, "nb", new BreachLetterContext(["employer:acme"], ["cv-text", "work-experience"], null, null));

        Assert.Equal("Om CV-en din", letter.Subject);
        Assert.Equal("acme så friteksten i CV-en din, for eksempel sammendraget og arbeidserfaringen din mellom 2026-02-01 og 2026-02-03. Access closed.", letter.Body);
    }

    [Fact]
    public void Render_LanguageWithoutLetterAndNotLookedUp_UsesFallbackAndTheDataCategories()
    {
        var letter = BreachLetterRenderer.Render(Campaign(BreachSelectorKinds.Citizens), Letters, "da", BreachLetterContext.None);

        Assert.Equal("About Acme saw too much", letter.Subject);
        Assert.Equal(" saw your contact details (e-mail and phone) and the free text of your CV, such as your summary between 2026-02-01 and 2026-02-03. Access closed.", letter.Body);
    }

    [Fact]
    public void Pace_RatePerChannel_KeepsTheBusiestChannelAtItsRate()
    {
        // 1,000 citizens, 800 secure and 200 digital-mailbox, 100 letters a minute per channel: secure limits the pace to
        // 100 x 1000 / 800 = 125 letters a minute for the campaign (100 of them secure).
        var campaign = Campaign(rate: 100, audience: Audience(1000, new BreachCount("digital-mailbox", 200), new BreachCount("secure", 800)));
        var options = new BreachDeliveryOptions();

        Assert.Equal(125, BreachPacing.LettersPerMinute(campaign, options));
        Assert.Null(BreachPacing.LettersPerMinute(campaign with { ChannelPolicy = campaign.ChannelPolicy with { RatePerMinute = null } }, options));
        options.Registries["nav"] = new RegistryDeliveryEndpoint { ChannelRates = { ["digital-mailbox"] = 10 } };
        Assert.Equal(50, BreachPacing.LettersPerMinute(campaign, options)); // 10 x 1000 / 200
    }

    private static PageRecord Page(int no, long delivered, long failed, DateTimeOffset? completedAt) => new()
    {
        PageNo = no,
        After = "",
        Last = "c|nav|x",
        Count = (int)(delivered + failed),
        Done = completedAt is not null,
        EnqueuedAt = Now.AddMinutes(-5),
        CompletedAt = completedAt,
        Delivered = delivered,
        Failed = failed,
        ByChannel = [new BreachCount("secure", delivered)],
        ByLanguage = [new BreachCount("nb", delivered)],
    };

    [Fact]
    public void Progress_RunningCampaign_SumsDonePages_RateOverTheLastMinute_EstimatesTheEnd()
    {
        var campaign = Campaign(audience: Audience(1000, new BreachCount("secure", 1000)));
        var run = new BreachRun { CampaignId = campaign.Id, RunId = "run", Cursor = "", NextPageNo = 3, Planned = false, StartedAt = Now.AddMinutes(-10), ActiveSince = Now.AddMinutes(-10), EnqueuedSinceActive = 600 };
        IReadOnlyList<PageRecord> pages = [Page(0, 200, 0, Now.AddMinutes(-5)), Page(1, 190, 10, Now.AddSeconds(-30)), Page(2, 0, 0, null)];

        var progress = BreachProgress.From(campaign, run, pages, null, Now)!;

        Assert.Equal((1000L, 600L, 390L, 10L, 40), (progress.Total, progress.Queued, progress.Delivered, progress.Failed, progress.Percent));
        Assert.Equal(200, progress.RatePerMinute);
        Assert.Equal(Now.AddMinutes(3), progress.EstimatedCompletion);
        Assert.Equal([new BreachCount("secure", 390)], progress.ByChannel);
        Assert.Null(progress.CompletedAt);
    }

    [Fact]
    public void Progress_NoneDoneYet_EstimatesFromTheChannelPace_AndBeforeStartIsNull()
    {
        var campaign = Campaign(audience: Audience(1000, new BreachCount("secure", 1000)));

        var progress = BreachProgress.From(campaign, null, [], 100, Now)!;

        Assert.Equal((0, 1000L, Now.AddMinutes(10)), (progress.Percent, progress.Queued, progress.EstimatedCompletion));
        Assert.Null(BreachProgress.From(campaign with { Audit = [] }, null, [], 100, Now));
    }

    [Fact]
    public void MaxAttempts_Default_DoesNotExceedHostJsonMaxDequeueCount()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("host.json")));
        var maxDequeueCount = host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32();

        Assert.True(new BreachDeliveryOptions().MaxAttempts <= maxDequeueCount);
    }
}
