using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Retention;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.Erasure;

/// <summary>
/// The citizen's copy (GDPR art. 15) as <see cref="CitizenExport"/> writes it: every section, in order, and streamed:
/// a CV version is on the stream before the next one is read.
/// </summary>
public sealed class CitizenExportTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Shown = new(2026, 1, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Withdrawn = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly MemoryStream _stream = new();
    private readonly CvStore _cvs;
    private readonly States _states = new();
    private readonly Reads _reads = new();
    private readonly Letters _letters = new();
    private readonly Ledger _ledger = new();
    private readonly CitizenExport _export;

    public CitizenExportTests()
    {
        _cvs = new CvStore(_stream);
        _export = new CitizenExport(_cvs, _ledger, _states, _reads, _letters,
            Options.Create(new HubOptions { Registries = { ["nav"] = new RegistrySettings { Jurisdiction = "NO" } } }),
            Options.Create(new RetentionOptions()), new FakeTimeProvider(Now));
    }

    [Fact]
    public async Task Write_CitizenWithHistory_EverySectionInOrder_AndStreamed()
    {
        // Arrange: a CV in two versions, shown on consent, then withdrawn; one read by an employer; one breach letter.
        _cvs.Versions.AddRange([(1, """{"v":1}"""), (2, """{"v":2}""")]);
        _ledger.Events.Add(new CitizenEvent
        {
            Id = "evt-1", Registry = "nav", CitizenId = "c1", Type = "consent.given", Source = "portal", Time = Shown,
            Facts = new Dictionary<CitizenFact, FactValue>(),
        });
        _states.State = State(Audience.Caseworkers, LegalBasis.None, Withdrawn);
        _states.History.AddRange([
            new VisibilityInterval(Shown, "cv1", Decision(Audience.Employers, LegalBasis.Consent), new CitizenFacts { CvPresent = true, ConsentToEmployers = true }),
            new VisibilityInterval(Withdrawn, "cv1", Decision(Audience.Caseworkers, LegalBasis.None), new CitizenFacts { CvPresent = true, ConsentToEmployers = false }),
        ]);
        _reads.Entries.Add(new AccessLogEntry(Shown.AddDays(10), "acme-client", "employer:acme", "user-1", "nav", "cv1", AccessKinds.View, ["skills"], "r-1"));
        _letters.Items.Add(new CitizenLetter("b1", "Breach", "running", new LetterDelivery("delivered", "digital", "nb", 1, Now.AddDays(-1)), new LegalHold("b1", null)));

        // Act
        var copy = await _export.FindAsync("nav", "c1", CancellationToken.None);
        await using (var writer = new Utf8JsonWriter(_stream))
        {
            await _export.WriteAsync(copy!, writer, CancellationToken.None);
        }

        // Assert: the sections, in order.
        var text = Encoding.UTF8.GetString(_stream.ToArray());
        var document = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["registry", "citizenId", "exportedAt", "cvs", "events", "facts", "visibility", "reads", "letters", "expiry"], document.Select(p => p.Key));
        var cv = Assert.Single(document["cvs"]!.AsArray())!;
        Assert.Equal(2, cv["currentVersion"]!.GetValue<int>());
        Assert.Equal([1, 2], cv["versions"]!.AsArray().Select(v => v!["document"]!["v"]!.GetValue<int>()));
        Assert.Equal("evt-1", Assert.Single(document["events"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.False(document["facts"]!["consentToEmployers"]!.GetValue<bool>());
        var visibility = document["visibility"]!.AsArray();
        Assert.Equal(("Employers", "consent", Withdrawn), (visibility[0]!["audience"]!.GetValue<string>(), visibility[0]!["legalBasis"]!.GetValue<string>(), visibility[0]!["to"]!.GetValue<DateTimeOffset>()));
        Assert.Null(visibility[1]!["to"]);
        Assert.Equal("employer:acme", Assert.Single(document["reads"]!.AsArray())!["party"]!.GetValue<string>());
        var letter = Assert.Single(document["letters"]!.AsArray())!;
        Assert.Equal(("b1", "delivered", "digital"), (letter["campaignId"]!.GetValue<string>(), letter["delivery"]!.GetValue<string>(), letter["channel"]!.GetValue<string>()));
        Assert.Contains(document["expiry"]!.AsArray(), e => e!["data"]!.GetValue<string>() == "letters" && e["expiresAt"] is null);
        Assert.Contains(document["expiry"]!.AsArray(), e => e!["data"]!.GetValue<string>() == "reads" && e["expiresAt"] is not null);

        // Assert: streamed, not built whole: version 1 was on the stream before version 2 was read.
        Assert.Contains("""{"v":1}""", _cvs.WrittenBeforeVersion[2], StringComparison.Ordinal);
        Assert.DoesNotContain("""{"v":2}""", _cvs.WrittenBeforeVersion[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_LetterNotSentYet_SaysNotSent()
    {
        // Arrange
        _ledger.Events.Add(new CitizenEvent
        {
            Id = "evt-1", Registry = "nav", CitizenId = "c1", Type = "consent.given", Source = "portal", Time = Shown,
            Facts = new Dictionary<CitizenFact, FactValue>(),
        });
        _letters.Items.Add(new CitizenLetter("b2", "Breach", "approved", null, new LegalHold("b2", null)));

        // Act
        var copy = await _export.FindAsync("nav", "c1", CancellationToken.None);
        await using (var writer = new Utf8JsonWriter(_stream))
        {
            await _export.WriteAsync(copy!, writer, CancellationToken.None);
        }

        // Assert
        var letter = Assert.Single(JsonNode.Parse(_stream.ToArray())!["letters"]!.AsArray())!.AsObject();
        Assert.Equal(["campaignId", "title", "campaignStatus", "delivery"], letter.Select(p => p.Key));
        Assert.Equal("not-sent", letter["delivery"]!.GetValue<string>());
    }

    [Fact]
    public async Task Find_CitizenTheHubHoldsNothingOf_IsNull()
    {
        // Act
        var copy = await _export.FindAsync("nav", "c1", CancellationToken.None);

        // Assert: nothing to export, so the function answers 404.
        Assert.Null(copy);
    }

    private static VisibilityDecision Decision(Audience audience, LegalBasis basis) => new()
    {
        Audience = audience, Presentation = Presentation.Anonymous, Searchable = audience == Audience.Employers,
        Reasons = [audience == Audience.Employers ? "consent" : "no-consent"], LegalBasis = basis,
    };

    private static VisibilityState State(Audience audience, LegalBasis basis, DateTimeOffset decidedAt) => new()
    {
        Registry = "nav", CitizenId = "c1", Decision = Decision(audience, basis),
        Facts = new CitizenFacts { CvPresent = true, ConsentToEmployers = false }, DecidedAt = decidedAt,
    };

    /// <summary>One CV, cv1, whose versions are read one at a time; notes what was on the stream before each version.</summary>
    private sealed class CvStore(MemoryStream stream) : ICvStore
    {
        public List<(int Version, string Json)> Versions { get; } = [];

        public Dictionary<int, string> WrittenBeforeVersion { get; } = [];

        public Task<IReadOnlyList<string>> CvIdsOfCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(Versions.Count > 0 ? ["cv1"] : []);

        public Task<StoredCv?> GetAsync(string registry, string cvId, CancellationToken cancellationToken) =>
            Task.FromResult<StoredCv?>(new StoredCv
            {
                Registry = registry, CvId = cvId, ExternalId = "x1", CitizenId = "c1", Version = Versions[^1].Version, ContentHash = "h",
                DocumentName = $"{cvId}/v2", UpdatedAt = Withdrawn, NationalIdFindings = [],
            });

        public async IAsyncEnumerable<(int Version, ReadOnlyMemory<byte> Document)> DocumentsAsync(string cvId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var (version, json) in Versions)
            {
                await Task.Yield();
                WrittenBeforeVersion[version] = Encoding.UTF8.GetString(stream.ToArray());
                yield return (version, Encoding.UTF8.GetBytes(json));
            }
        }

        public Task<StoredCv?> FindByExternalIdAsync(string registry, string externalId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ReadOnlyMemory<byte>> ReadDocumentAsync(StoredCv cv, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> CommitAsync(CvWrite write, StoredCv? previous, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RemoveAsync(StoredCv cv, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EraseDocumentsAsync(string cvId, int? olderThanVersion, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class States : IVisibilityStateStore
    {
        public VisibilityState? State { get; set; }

        public List<VisibilityInterval> History { get; } = [];

        public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken) => Task.FromResult(State);

        public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<VisibilityInterval>>(History);

        public Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private sealed class Reads : IAccessLog
    {
        public List<AccessLogEntry> Entries { get; } = [];

        public Task<IReadOnlyList<AccessLogEntry>> ForCvAsync(string registry, string cvId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AccessLogEntry>>([.. Entries.Where(e => e.Registry == registry && e.CvId == cvId && e.At >= from && e.At <= to)]);

        public Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<AccessLogEntry> ForPartyAsync(string party, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class Letters : ICitizenLetters
    {
        public List<CitizenLetter> Items { get; } = [];

        public Task<IReadOnlyList<CitizenLetter>> OfCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CitizenLetter>>(Items);
    }

    private sealed class Ledger : ICitizenEventLedger
    {
        public List<CitizenEvent> Events { get; } = [];

        public Task<IReadOnlyList<CitizenEvent>> ReadAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CitizenEvent>>(Events);

        public Task<bool> AppendAsync(CitizenEvent citizenEvent, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
