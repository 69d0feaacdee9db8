using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// One page of a campaign's fan-out (queue <c>breach-delivery</c>): the audience rows of run <see cref="RunId"/> with
/// row keys after <see cref="After"/> up to and including <see cref="Last"/>. The planner cuts the pages in row-key order,
/// so a page re-planned after a crash has the same number and range.
/// </summary>
public sealed record BreachDeliveryPage
{
    public required string MessageId { get; init; }
    public required string CorrelationId { get; init; }
    public required string CampaignId { get; init; }
    public required string RunId { get; init; }
    public required int PageNo { get; init; }

    /// <summary>Exclusive lower bound of the audience row keys ("" for the first page).</summary>
    public required string After { get; init; }

    /// <summary>Inclusive upper bound.</summary>
    public required string Last { get; init; }
    public required int Count { get; init; }

    /// <summary>
    /// The page's citizens, carried in the message so the worker never queries the audience partition (on Azurite a
    /// range query costs time in proportion to the whole partition: 150,000 rows). Null: read the range.
    /// </summary>
    public IReadOnlyList<PageItem>? Items { get; init; }

    /// <summary>
    /// W3C trace context of the span that sent this message (issue 17): the handler's span is its child. Optional: a
    /// message sent before it existed still decodes, and starts a trace of its own.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}

/// <summary>A dry run the privacy team asked for (queue <c>breach-dryrun</c>); the summary is written on the campaign when done.</summary>
public sealed record RunBreachDryRun
{
    public required string MessageId { get; init; }
    public required string CorrelationId { get; init; }
    public required string CampaignId { get; init; }

    /// <summary>
    /// W3C trace context of the span that sent this message (issue 17): the handler's span is its child. Optional: a
    /// message sent before it existed still decodes, and starts a trace of its own.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}

/// <summary>One citizen of a page, compact: the audience row key (registry and escaped citizen id), letter language, channel, CV.</summary>
public sealed record PageItem
{
    [System.Text.Json.Serialization.JsonPropertyName("k")]
    public required string Key { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("l")]
    public required string Language { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("c")]
    public required string Channel { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("v")]
    public string? CvId { get; init; }

    /// <summary>Who read the CV, from the dry run (<see cref="AudienceMember.SeenBy"/>).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("s")]
    public IReadOnlyList<string>? SeenBy { get; init; }

    /// <summary>What those reads held (<see cref="AudienceMember.SeenCategories"/>).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("d")]
    public IReadOnlyList<string>? SeenCategories { get; init; }

    /// <summary>The registry, from the key "c|{registry}|{citizen}".</summary>
    public string Registry => Key.Split('|', 3)[1];

    /// <summary>The citizen id, from the key (unescaped).</summary>
    public string CitizenId => Uri.UnescapeDataString(Key.Split('|', 3)[2]);

    public static PageItem From(string key, AudienceMember member) =>
        new() { Key = key, Language = member.Language, Channel = member.Channel, CvId = member.CvId, SeenBy = member.SeenBy, SeenCategories = member.SeenCategories };
}

/// <summary>What the hub POSTs to a registry's delivery endpoint (contracts/schemas/breach-delivery-request.schema.json).</summary>
public sealed record RegistryDeliveryRequest
{
    public required string CampaignId { get; init; }
    public required string CitizenId { get; init; }

    /// <summary><c>{campaignId}:{citizenId}</c>, also sent as the <c>Idempotency-Key</c> header.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary><c>secure</c> for protected or unknown status (only the registry's secure channel); otherwise <c>default</c> (the registry's default channel).</summary>
    public required string Channel { get; init; }

    /// <summary>With <c>default</c>: the campaign's channel policy, in order of preference; the registry decides. Empty with <c>secure</c>.</summary>
    public required IReadOnlyList<string> PreferredChannels { get; init; }
    public required string Language { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }

    public static string KeyOf(string campaignId, string citizenId) => campaignId + ":" + citizenId;
}

public enum RegistryDeliveryKind
{
    /// <summary>201: the registry took the letter.</summary>
    Delivered,

    /// <summary>200: the registry had already delivered a letter under this key.</summary>
    Duplicate,

    /// <summary>4xx (but 408/429): never worth retrying; the citizen ends failed with the reason.</summary>
    Rejected,

    /// <summary>5xx, 408, 429 or no answer after the short retries: the page is tried again through the queue.</summary>
    Transient,
}

public sealed record RegistryDeliveryOutcome(RegistryDeliveryKind Kind, string? Detail = null)
{
    public static RegistryDeliveryOutcome Delivered { get; } = new(RegistryDeliveryKind.Delivered);
    public static RegistryDeliveryOutcome Duplicate { get; } = new(RegistryDeliveryKind.Duplicate);
}

/// <summary>The owning registry's delivery endpoint (adapter: IntegrationHub.Boards, Registries).</summary>
public interface IRegistryDelivery
{
    Task<RegistryDeliveryOutcome> DeliverAsync(string registry, RegistryDeliveryRequest request, CancellationToken cancellationToken);
}

public static class LedgerStatus
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>One citizen's delivery, final: written once per citizen, in 100-row batches after the page's calls.</summary>
public sealed record LedgerEntry
{
    /// <summary>The audience row key (registry and citizen).</summary>
    public required string Key { get; init; }
    public required string Status { get; init; }
    public required string Channel { get; init; }
    public required string Language { get; init; }

    /// <summary>The page's queue delivery on which the outcome became final.</summary>
    public required int Attempts { get; init; }

    /// <summary>The registry answered 200 (it already had a letter under the key).</summary>
    public bool Duplicate { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A page's record: queued by the planner, done (with its counts) when every citizen in it is final.</summary>
public sealed record PageRecord
{
    public required int PageNo { get; init; }
    public required string After { get; init; }
    public required string Last { get; init; }
    public required int Count { get; init; }
    public required bool Done { get; init; }
    public required DateTimeOffset EnqueuedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public long Delivered { get; init; }
    public long Failed { get; init; }
    public IReadOnlyList<BreachCount> ByChannel { get; init; } = [];
    public IReadOnlyList<BreachCount> ByLanguage { get; init; } = [];
}

/// <summary>The fan-out's cursor over the audience, one per campaign, updated with its ETag.</summary>
public sealed record BreachRun
{
    public required string CampaignId { get; init; }
    public required string RunId { get; init; }

    /// <summary>The last audience row key put in a page ("" before the first).</summary>
    public required string Cursor { get; init; }
    public required int NextPageNo { get; init; }

    /// <summary>Every audience row is in a page.</summary>
    public required bool Planned { get; init; }
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Since the start or the last resume: the rate limit counts from here.</summary>
    public required DateTimeOffset ActiveSince { get; init; }
    public required long EnqueuedSinceActive { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? ETag { get; init; }
}

/// <summary>Storage of the fan-out: the run's cursor, the pages, and the ledger of every citizen's delivery.</summary>
public interface IBreachDeliveryStore
{
    Task<BreachRun?> GetRunAsync(string campaignId, CancellationToken cancellationToken);

    /// <summary>Creates (no ETag) or replaces (ETag still current) the run; false when someone else changed it meanwhile.</summary>
    Task<bool> TrySaveRunAsync(BreachRun run, CancellationToken cancellationToken);

    /// <summary>The next citizens of the audience after row key <paramref name="after"/>, in key order, at most <paramref name="take"/>, in one streamed query.</summary>
    Task<IReadOnlyList<PageItem>> NextCitizensAsync(string campaignId, string runId, string after, int take, CancellationToken cancellationToken);

    /// <summary>The citizens of one page's key range (for a page queued again).</summary>
    Task<IReadOnlyList<PageItem>> PageAudienceAsync(string campaignId, string runId, string after, string last, CancellationToken cancellationToken);

    Task SavePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken);

    Task<IReadOnlyList<PageRecord>> PagesAsync(string campaignId, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string campaignId, int pageNo, CancellationToken cancellationToken);

    /// <summary>Writes the entries of one page in 100-row transactions.</summary>
    Task WriteLedgerAsync(string campaignId, int pageNo, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);

    /// <summary>The citizen's ledger rows in the campaign (a letter sent or failed), for the citizen's copy.</summary>
    Task<IReadOnlyList<LedgerEntry>> LedgerOfCitizenAsync(string campaignId, string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not export.");

    /// <summary>Erasure: removes the citizen's ledger rows and their key from the run's cursor and page ranges; idempotent.</summary>
    Task EraseCitizenAsync(string campaignId, string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not erase.");
}

/// <summary>A registry's delivery endpoint. Section "Hub:Breach:Registries:{registryId}".</summary>
public sealed class RegistryDeliveryEndpoint
{
    /// <summary>Absolute http(s) URL the hub POSTs letters to.</summary>
    public string? DeliveryUrl { get; set; }

    /// <summary>Entra audience (app id URI) of the endpoint: the hub asks its managed identity for a token for "{Audience}/.default". Empty: no token (loopback fakes only).</summary>
    public string? Audience { get; set; }

    /// <summary>Letters per minute per channel the registry's support can take ("secure" -> 500); the lower of this and the campaign's rate applies.</summary>
    public Dictionary<string, int> ChannelRates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where the registry's citizens complain (absolute https URL); the letters' <c>{{complaint}}</c>. Required with <see cref="DeliveryUrl"/>.</summary>
    public string? ComplaintUrl { get; set; }

    /// <summary>How to reach the registry's data protection officer (GDPR art. 34(2) with 33(3)(b)); the letters' <c>{{dpo}}</c>. Required with <see cref="DeliveryUrl"/>.</summary>
    public string? DpoContact { get; set; }
}

/// <summary>The fan-out. Section "Hub:Breach".</summary>
public sealed class BreachDeliveryOptions
{
    public const string Section = "Hub:Breach";

    public Dictionary<string, RegistryDeliveryEndpoint> Registries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Citizens per queue message.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 200;

    /// <summary>The planner stops enqueuing while this many pages are unfinished (twice the host's queue batch, so a batch waits while one works; Azurite slows with deep backlogs).</summary>
    [Range(1, 1000)]
    public int MaxBacklog { get; set; } = 32;

    /// <summary>Registry calls one page makes at once.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 32;

    /// <summary>Queue deliveries of a page before its citizens still failing transiently end failed. Must not exceed host.json's maxDequeueCount.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>A page queued this long and not done is queued again (its message was lost with a crashed host); the ledger and the key make that safe.</summary>
    [Range(1, 86_400)]
    public int StalePageSeconds { get; set; } = 120;

    /// <summary>Pages cut per planner tick at most (per campaign).</summary>
    [Range(1, 1000)]
    public int MaxPagesPerTick { get; set; } = 64;

    /// <summary>
    /// The longest gap between two planner looks while no campaign runs (0: a look on every tick). Starting or
    /// resuming a campaign in this process wakes the planner at once; on another instance it waits at most this long (ADR 0012).
    /// </summary>
    [Range(0, 300)]
    public int IdleCeilingSeconds { get; set; } = 10;
}
