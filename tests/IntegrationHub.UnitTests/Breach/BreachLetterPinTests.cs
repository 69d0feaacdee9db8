using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Storage.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>
/// What a citizen receives and what the ledger keeps, byte for byte, pinned before the delivery path was made cheaper per
/// letter (ADR 0049): each expected text was captured from the renderer, the request serializer, the page handler and the
/// audit copy as they were before the change (main at 14a5438).
/// </summary>
public sealed class BreachLetterPinTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 17, 12, 0, 0, TimeSpan.Zero);

    private const string EveryPlaceholder =
        "{{title}}: {{seen}} {{categories}} / {{exposed}}. {{consequences}} {{measures}} {{complaint}} {{dpo}} {{organisation}} {{from}}-{{to}} {{name}} {{SEEN}} {{{seen}}} {{seen";

    public static TheoryData<string> Languages => [.. BreachDraftParser.Languages];

    private static BreachCampaign Campaign() => BreachLetterTests.Campaign(["location", "cv-text", "work-experience"]) with
    {
        LikelyConsequences = null,
        MeasuresTaken = null,
        LikelyConsequencesByLanguage = BreachDraftParser.Languages.ToDictionary(l => l, l => $"Consequences in {l}: {{{{dpo}}}}.", StringComparer.Ordinal),
        MeasuresTakenByLanguage = BreachDraftParser.Languages.ToDictionary(l => l, l => $"Measures in {l}.", StringComparer.Ordinal),
    };

    private static Dictionary<string, BreachLetter> Letters() =>
        BreachDraftParser.Languages.ToDictionary(l => l, l => new BreachLetter("{{title}} ({{from}}) " + l, EveryPlaceholder + " " + l), StringComparer.Ordinal);

    private static readonly BreachLetterContext[] Contexts =
    [
        BreachLetterContext.None,
        new([], [], "https://complain.example/nav", "dpo@nav.example"),
        new(["employer:acme", "board:eures", "employer:acme"], ["work-experience", "education"], "https://complain.example/nav", "dpo@nav.example"),
        new(["employer:acme"], [], null, "dpo@nav.example"),
        new(["employer:acme", "employer:beta", "board:finn"], null, "https://c.example", null),
    ];

    [Theory]
    [InlineData("nb", "Acme saw too much (2026-02-01) nb",
        """Acme saw too much: CV-en din ble sett av acme og eures. arbeidserfaringen din og utdanningen og kursene dine / arbeidserfaringen din og utdanningen og kursene dine. Consequences in nb: {{dpo}}. Measures in nb. https://complain.example/nav dpo@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {CV-en din ble sett av acme og eures.} {{seen nb""")]
    [InlineData("nn", "Acme saw too much (2026-02-01) nn",
        """Acme saw too much: CV-en din vart sett av acme og eures. arbeidserfaringa di og utdanninga og kursa dine / arbeidserfaringa di og utdanninga og kursa dine. Consequences in nn: {{dpo}}. Measures in nn. https://complain.example/nav dpo@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {CV-en din vart sett av acme og eures.} {{seen nn""")]
    [InlineData("da", "Acme saw too much (2026-02-01) da",
        """Acme saw too much: Dit CV blev set af acme og eures. din erhvervserfaring og din uddannelse og dine kurser / din erhvervserfaring og din uddannelse og dine kurser. Consequences in da: {{dpo}}. Measures in da. https://complain.example/nav dpo@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {Dit CV blev set af acme og eures.} {{seen da""")]
    [InlineData("nl", "Acme saw too much (2026-02-01) nl",
        """Acme saw too much: Uw cv is bekeken door acme en eures. uw werkervaring en uw opleidingen en cursussen / uw werkervaring en uw opleidingen en cursussen. Consequences in nl: {{dpo}}. Measures in nl. https://complain.example/nav dpo@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {Uw cv is bekeken door acme en eures.} {{seen nl""")]
    [InlineData("en", "Acme saw too much (2026-02-01) en",
        """Acme saw too much: Your CV was seen by acme and eures. your work experience and your education and courses / your work experience and your education and courses. Consequences in en: {{dpo}}. Measures in en. https://complain.example/nav dpo@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {Your CV was seen by acme and eures.} {{seen en""")]
    public void Render_SeenContext_KeepsTheTextItHadBeforeADR0049(string language, string subject, string body)
    {
        var letter = BreachLetterRenderer.Render(Campaign(), Letters(), language, Contexts[2]);

        Assert.Equal(subject, letter.Subject);
        Assert.Equal(body, letter.Body);
    }

    [Fact]
    public void Render_EveryLanguageAndContext_KeepsTheBytesItHadBeforeADR0049()
    {
        // Arrange: every letter language and one without a letter (the fallback's), each context of the matrix.
        var campaign = Campaign();
        var letters = Letters();
        var all = new StringBuilder();

        // Act
        foreach (var language in BreachDraftParser.Languages.Append("xx"))
        {
            foreach (var context in Contexts)
            {
                var letter = BreachLetterRenderer.Render(campaign, letters, language, context);
                all.Append(letter.Subject).Append('\u0001').Append(letter.Body).Append('\u0002');
            }
        }

        // Assert: SHA-256 of the 30 letters as captured.
        Assert.Equal("37F1F8347FBF5EB061EAE1735ACBF340E678BAD38B71DD7DA396BAA3E5296A5A", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString()))));
    }

    [Fact]
    public async Task Handle_PageOfEveryOutcome_SendsAndRecordsWhatItDidBeforeADR0049()
    {
        // Act
        var (requests, entries, pages) = await RunPageAsync();

        // Assert: the requests as posted, the ledger rows as the audit copy writes them, the page's record.
        Assert.Equal(
        [
            """{"campaignId":"k2v7q9x4m1c8d3f6","citizenId":"a/one","idempotencyKey":"k2v7q9x4m1c8d3f6:a/one","channel":"secure","preferredChannels":[],"language":"nb","subject":"Acme saw too much (2026-02-01) nb","body":"Acme saw too much: CV-en din ble sett av acme og eures. utdanningen og kursene dine / utdanningen og kursene dine. Consequences in nb: {{dpo}}. Measures in nb. https://complain.example/nav personvernombud@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {CV-en din ble sett av acme og eures.} {{seen nb"}""",
            """{"campaignId":"k2v7q9x4m1c8d3f6","citizenId":"b","idempotencyKey":"k2v7q9x4m1c8d3f6:b","channel":"default","preferredChannels":["paper"],"language":"nn","subject":"Acme saw too much (2026-02-01) nn","body":"Acme saw too much: If\u00F8lgje loggen v\u00E5r har ingen arbeidsgjevar eller annan part utanfor tenesta sett CV-en din i denne perioden. kvar du bur (kommune eller poststad), friteksten i CV-en din, til d\u00F8mes samandraget og arbeidserfaringa di / kvar du bur (kommune eller poststad), friteksten i CV-en din, til d\u00F8mes samandraget og arbeidserfaringa di. Consequences in nn: {{dpo}}. Measures in nn. https://complain.example/nav personvernombud@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {If\u00F8lgje loggen v\u00E5r har ingen arbeidsgjevar eller annan part utanfor tenesta sett CV-en din i denne perioden.} {{seen nn"}""",
            """{"campaignId":"k2v7q9x4m1c8d3f6","citizenId":"c","idempotencyKey":"k2v7q9x4m1c8d3f6:c","channel":"secure","preferredChannels":[],"language":"da","subject":"Acme saw too much (2026-02-01) da","body":"Acme saw too much:  hvor du bor (kommune eller postnummer), den frie tekst i dit CV, for eksempel din profiltekst og din erhvervserfaring / hvor du bor (kommune eller postnummer), den frie tekst i dit CV, for eksempel din profiltekst og din erhvervserfaring. Consequences in da: {{dpo}}. Measures in da. https://complain.example/nav personvernombud@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {} {{seen da"}""",
            """{"campaignId":"k2v7q9x4m1c8d3f6","citizenId":"d","idempotencyKey":"k2v7q9x4m1c8d3f6:d","channel":"secure","preferredChannels":[],"language":"nl","subject":"Acme saw too much (2026-02-01) nl","body":"Acme saw too much:  waar u woont (gemeente of postcode), de vrije tekst in uw cv, zoals uw samenvatting en uw werkervaring / waar u woont (gemeente of postcode), de vrije tekst in uw cv, zoals uw samenvatting en uw werkervaring. Consequences in nl: {{dpo}}. Measures in nl. https://complain.example/nav personvernombud@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {} {{seen nl"}""",
            """{"campaignId":"k2v7q9x4m1c8d3f6","citizenId":"e","idempotencyKey":"k2v7q9x4m1c8d3f6:e","channel":"default","preferredChannels":["paper"],"language":"en","subject":"Acme saw too much (2026-02-01) en","body":"Acme saw too much: Your CV was seen by acme. where you live (municipality or postal area), the free text of your CV, such as your summary and your work experience / where you live (municipality or postal area), the free text of your CV, such as your summary and your work experience. Consequences in en: {{dpo}}. Measures in en. https://complain.example/nav personvernombud@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {Your CV was seen by acme.} {{seen en"}""",
            """{"campaignId":"k2v7q9x4m1c8d3f6","citizenId":"f","idempotencyKey":"k2v7q9x4m1c8d3f6:f","channel":"secure","preferredChannels":[],"language":"nb","subject":"Acme saw too much (2026-02-01) nb","body":"Acme saw too much:  hvor du bor (kommune eller poststed), friteksten i CV-en din, for eksempel sammendraget og arbeidserfaringen din / hvor du bor (kommune eller poststed), friteksten i CV-en din, for eksempel sammendraget og arbeidserfaringen din. Consequences in nb: {{dpo}}. Measures in nb. https://complain.example/nav personvernombud@nav.example acme 2026-02-01-2026-02-03 {{name}} {{SEEN}} {} {{seen nb"}""",
        ], requests.OrderBy(r => r.CitizenId, StringComparer.Ordinal).Select(r => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(r, BreachJson.Default.RegistryDeliveryRequest))));
        Assert.Equal(
        [
            """{"kind":"breach-ledger","writtenAt":"2026-02-17T12:00:00+00:00","campaignId":"k2v7q9x4m1c8d3f6","pageNo":7,"record":{"key":"c|nav|a%2Fone","status":"delivered","channel":"secure","language":"nb","attempts":5,"duplicate":false,"at":"2026-02-17T12:00:00+00:00"}}""",
            """{"kind":"breach-ledger","writtenAt":"2026-02-17T12:00:00+00:00","campaignId":"k2v7q9x4m1c8d3f6","pageNo":7,"record":{"key":"c|nav|b","status":"delivered","channel":"digital-mailbox","language":"nn","attempts":5,"duplicate":true,"at":"2026-02-17T12:00:00+00:00"}}""",
            """{"kind":"breach-ledger","writtenAt":"2026-02-17T12:00:00+00:00","campaignId":"k2v7q9x4m1c8d3f6","pageNo":7,"record":{"key":"c|nav|c","status":"delivered","channel":"secure","language":"da","attempts":5,"duplicate":false,"at":"2026-02-17T12:00:00+00:00"}}""",
            """{"kind":"breach-ledger","writtenAt":"2026-02-17T12:00:00+00:00","campaignId":"k2v7q9x4m1c8d3f6","pageNo":7,"record":{"key":"c|nav|d","status":"failed","channel":"secure","language":"nl","attempts":5,"duplicate":false,"reason":"HTTP 422: unknown citizen","at":"2026-02-17T12:00:00+00:00"}}""",
            """{"kind":"breach-ledger","writtenAt":"2026-02-17T12:00:00+00:00","campaignId":"k2v7q9x4m1c8d3f6","pageNo":7,"record":{"key":"c|nav|e","status":"failed","channel":"digital-mailbox","language":"en","attempts":5,"duplicate":false,"reason":"HTTP 503 after retries after 5 attempts","at":"2026-02-17T12:00:00+00:00"}}""",
            """{"kind":"breach-ledger","writtenAt":"2026-02-17T12:00:00+00:00","campaignId":"k2v7q9x4m1c8d3f6","pageNo":7,"record":{"key":"c|nav|f","status":"delivered","channel":"secure","language":"nb","attempts":5,"duplicate":false,"at":"2026-02-17T12:00:00+00:00"}}""",
            """{"kind":"breach-ledger","writtenAt":"2026-02-17T12:00:00+00:00","campaignId":"k2v7q9x4m1c8d3f6","pageNo":7,"record":{"key":"c|werk|h","status":"failed","channel":"secure","language":"nn","attempts":5,"duplicate":false,"reason":"registry \u0027werk\u0027 has no data protection officer contact (Hub:Breach:Registries:werk:DpoContact) after 5 attempts","at":"2026-02-17T12:00:00+00:00"}}""",
        ], Encoding.UTF8.GetString(AuditTrail.BreachLedgerLines("k2v7q9x4m1c8d3f6", 7, [.. entries.OrderBy(e => e.Key, StringComparer.Ordinal)], Now)).TrimEnd('\n').Split('\n'));
        Assert.Equal(
            """7  c|werk|h 8 True 2026-02-17T12:00:00.0000000+00:00 2026-02-17T12:00:00.0000000+00:00 5 3 [{"key":"digital-mailbox","count":2},{"key":"secure","count":3}] [{"key":"da","count":1},{"key":"en","count":1},{"key":"nb","count":2},{"key":"nn","count":1}]""",
            Describe(Assert.Single(pages)));
    }

    [Theory]
    [InlineData("c|nav|a%2Fone", "nav", "a/one")]
    [InlineData("c|nav|a|b", "nav", "a|b")]
    [InlineData("c|werk|", "werk", "")]
    public void PageItem_Key_GivesWhatSplittingItInThreeGave(string key, string registry, string citizen)
    {
        var item = new PageItem { Key = key, Language = "nb", Channel = BreachChannels.Secure };

        Assert.Equal((key.Split('|', 3)[1], Uri.UnescapeDataString(key.Split('|', 3)[2])), (item.Registry, item.CitizenId));
        Assert.Equal((registry, citizen), (item.Registry, item.CitizenId));
    }

    private static string Describe(PageRecord page) =>
        $"{page.PageNo} {page.After} {page.Last} {page.Count} {page.Done} {page.EnqueuedAt:O} {page.CompletedAt:O} {page.Delivered} {page.Failed} "
        + Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(page.ByChannel.ToArray(), BreachJson.Default.BreachCountArray)) + " "
        + Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(page.ByLanguage.ToArray(), BreachJson.Default.BreachCountArray));

    /// <summary>
    /// One page of eight citizens in every language and both channels, on its last attempt: one citizen whose state now
    /// says protected address (moved to secure), one without a state (secure too), one the registry already had (200),
    /// one it rejects, one failing transiently, one of a registry without a DPO contact, one already in the ledger.
    /// </summary>
    private static async Task<(List<RegistryDeliveryRequest> Requests, List<LedgerEntry> Entries, List<PageRecord> Pages)> RunPageAsync()
    {
        var campaign = Campaign() with { Status = BreachStatus.Running, Audience = new BreachAudienceSummary
        {
            RunId = "run-1", CompletedAt = Now, Citizens = 8, Records = 8, UnresolvedCvs = 0, ByRegistry = [], ByLanguage = [], ByChannel = [], ByProtectedStatus = [],
        } };
        var store = new MemoryBreachStores(campaign, Letters());
        var registries = new Registries();
        var options = new BreachDeliveryOptions
        {
            Registries = new(StringComparer.Ordinal)
            {
                ["nav"] = new RegistryDeliveryEndpoint { DpoContact = "personvernombud@nav.example", ComplaintUrl = "https://complain.example/nav" },
                ["werk"] = new RegistryDeliveryEndpoint(),
            },
        };
        var handler = new BreachPageHandler(store, store, registries, new States(), new FakeTimeProvider(Now), Options.Create(options), NullLogger<BreachPageHandler>.Instance);
        PageItem Item(string key, string language, string channel, IReadOnlyList<string>? seenBy = null, IReadOnlyList<string>? seenCategories = null) =>
            new() { Key = key, Language = language, Channel = channel, SeenBy = seenBy, SeenCategories = seenCategories };
        var page = new BreachDeliveryPage
        {
            MessageId = "m", CorrelationId = "c", CampaignId = campaign.Id, RunId = "run-1", PageNo = 7, After = "", Last = "c|werk|h", Count = 8,
            Items =
            [
                Item("c|nav|a%2Fone", "nb", "digital-mailbox", ["employer:acme", "board:eures"], ["education"]),
                Item("c|nav|b", "nn", "digital-mailbox", []),
                Item("c|nav|c", "da", BreachChannels.Secure),
                Item("c|nav|d", "nl", "digital-mailbox"),
                Item("c|nav|e", "en", "digital-mailbox", ["employer:acme"], []),
                Item("c|nav|f", "nb", BreachChannels.Secure),
                Item("c|nav|g", "en", "digital-mailbox"),
                Item("c|werk|h", "nn", BreachChannels.Secure),
            ],
        };
        store.Done.Add(new LedgerEntry { Key = "c|nav|g", Status = LedgerStatus.Delivered, Channel = "digital-mailbox", Language = "en", Attempts = 1, At = Now.AddMinutes(-5) });

        await handler.HandleAsync(page, options.MaxAttempts, CancellationToken.None);

        return ([.. registries.Sent], store.Written, store.Pages);
    }

    /// <summary>b: already delivered under the key (200); d: rejected; e: transient.</summary>
    private sealed class Registries : IRegistryDelivery
    {
        public System.Collections.Concurrent.ConcurrentBag<RegistryDeliveryRequest> Sent { get; } = [];

        public Task<RegistryDeliveryOutcome> DeliverAsync(string registry, RegistryDeliveryRequest request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            return Task.FromResult(request.CitizenId switch
            {
                "b" => RegistryDeliveryOutcome.Duplicate,
                "d" => new RegistryDeliveryOutcome(RegistryDeliveryKind.Rejected, "HTTP 422: unknown citizen"),
                "e" => new RegistryDeliveryOutcome(RegistryDeliveryKind.Transient, "HTTP 503 after retries"),
                _ => RegistryDeliveryOutcome.Delivered,
            });
        }
    }

    /// <summary>a: protected address now; b and e: open; d: no state any more.</summary>
    private sealed class States : IVisibilityStateStore
    {
        private static readonly VisibilityDecision Decision = new() { Audience = Audience.Nobody, Presentation = Presentation.Anonymous, Searchable = false, Reasons = [] };

        public Task<IReadOnlyDictionary<string, VisibilityState>> GetManyAsync(string registry, IReadOnlyCollection<string> citizenIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, VisibilityState>>(citizenIds.Where(c => c != "d").ToDictionary(c => c, c => new VisibilityState
            {
                Registry = registry, CitizenId = c, Decision = Decision, Facts = new CitizenFacts { ProtectedAddress = c == "a/one", CvPresent = true }, DecidedAt = Now,
            }, StringComparer.Ordinal));

        public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
