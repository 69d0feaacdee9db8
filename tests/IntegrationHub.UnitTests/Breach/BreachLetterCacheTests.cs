using IntegrationHub.Core.Breach;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>ADR 0058: a campaign's letters are read once per run in the process, not once per page.</summary>
public sealed class BreachLetterCacheTests
{
    private static readonly BreachDeliveryOptions Settings = new()
    {
        Registries = new(StringComparer.Ordinal) { ["nav"] = new RegistryDeliveryEndpoint { DpoContact = "personvernombud@nav.example" } },
    };

    private static BreachDeliveryPage Page(BreachCampaign campaign, int pageNo) => new()
    {
        MessageId = "m" + pageNo, CorrelationId = "c", CampaignId = campaign.Id, RunId = campaign.Audience!.RunId, PageNo = pageNo, After = "", Last = "c|nav|a", Count = 1,
        Items = [new PageItem { Key = $"c|nav|p{pageNo}", Language = "en", Channel = BreachChannels.Secure }],
    };

    [Fact]
    public async Task Handle_SecondPageOfTheRun_MakesNoLettersQuery_ANewRunReadsAgain()
    {
        // Arrange
        var stores = new MemoryBreachStores(BreachPageFixtures.RunningCampaign(3), new Dictionary<string, BreachLetter> { ["en"] = new("About your CV", "{{measures}} DPO: {{dpo}}") });
        var registries = new BreachPageFixtures.RecordingRegistries();
        var handler = new BreachPageHandler(stores, stores, registries, new BreachPageFixtures.NoStates(), TimeProvider.System, Options.Create(Settings), NullLogger<BreachPageHandler>.Instance);

        // Act: two pages of the run, then a page of another run (the key is the campaign and its run).
        await handler.HandleAsync(Page(stores.Campaign, 0), 1, CancellationToken.None);
        await handler.HandleAsync(Page(stores.Campaign, 1), 1, CancellationToken.None);
        var afterOneRun = stores.LetterReads;
        stores.Campaign = stores.Campaign with { Audience = stores.Campaign.Audience! with { RunId = "run-2" } };
        await handler.HandleAsync(Page(stores.Campaign, 2), 1, CancellationToken.None);

        // Assert: every page's letter went out; the letters read once for the first run and once for the second.
        Assert.Equal(1, afterOneRun);
        Assert.Equal(2, stores.LetterReads);
        Assert.Equal(3, registries.Sent.Count);
        Assert.All(registries.Sent, s => Assert.Contains("personvernombud@nav.example", s.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_MoreCampaignsThanTheBound_StartsOverAndStillAnswersEachCampaignsOwnLetters()
    {
        var cache = new BreachLetterCache();
        var campaign = BreachPageFixtures.RunningCampaign(1);
        var stores = new MemoryBreachStores(campaign, new Dictionary<string, BreachLetter> { ["en"] = new("About {{title}}", "b") });

        for (var n = 0; n <= BreachLetterCache.Capacity; n++)
        {
            var templates = await cache.GetAsync(campaign with { Id = "k" + n, Title = "t" + n }, "run", stores, CancellationToken.None);
            Assert.Equal("About t" + n, templates.Render("en", null, null, null, null).Subject);
        }
        await cache.GetAsync(campaign with { Id = "k0", Title = "t0" }, "run", stores, CancellationToken.None);

        // One read per campaign, and k0 read again after the bound cleared it.
        Assert.Equal(BreachLetterCache.Capacity + 2, stores.LetterReads);
    }
}
