namespace IntegrationHub.Core.Breach;

/// <summary>The states of a campaign; the legal moves are in <see cref="BreachTransitions"/>.</summary>
public static class BreachStatus
{
    public const string Draft = "draft";
    public const string Approved = "approved";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Cancelled = "cancelled";

    /// <summary>Every citizen of the audience delivered or failed.</summary>
    public const string Completed = "completed";

    /// <summary>The report to the supervisory authority is filed (GDPR art. 33); ends the campaign's legal hold.</summary>
    public const string Reported = "reported";
}

/// <summary>The report to the supervisory authority as filed: its reference there, when it was filed, who recorded it and when.</summary>
public sealed record BreachReportFiled(string Reference, DateTimeOffset FiledAt, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>The selector kinds of contracts/schemas/breach-campaign.schema.json.</summary>
public static class BreachSelectorKinds
{
    public const string AccessLog = "access-log";
    public const string Exposure = "exposure";
    public const string Citizens = "citizens";
}

/// <summary>Who is affected. The uploaded citizen list is stored apart from the campaign (it may be long) and is not part of this record.</summary>
public sealed record BreachSelector
{
    public required string Kind { get; init; }

    /// <summary>access-log: the party as the access log names it ("employer:acme").</summary>
    public string? Party { get; init; }

    /// <summary>exposure and citizens: the registry.</summary>
    public string? Registry { get; init; }

    /// <summary>exposure: the fact that had to hold (query-string spelling), or null for every exposure.</summary>
    public string? Fact { get; init; }

    /// <summary>citizens: how many ids were uploaded.</summary>
    public int? CitizenCount { get; init; }
}

public sealed record BreachLetter(string Subject, string Body);

public sealed record BreachChannelPolicy
{
    public required IReadOnlyList<string> Channels { get; init; }
    public int? RatePerMinute { get; init; }
}

/// <summary>
/// One privacy-team action on a campaign: what, who (user object id, or "app:{clientId}" for an app) and when, with the
/// person's display name as their token gave it then (null for apps, the hub and actions recorded before names were).
/// </summary>
public sealed record BreachAction(string Action, string Actor, DateTimeOffset At, string? ActorName = null);

/// <summary>A count per key (registry, language, channel or protected status).</summary>
public sealed record BreachCount(string Key, long Count);

/// <summary>The result of a dry run: the audience, counted, with nothing sent.</summary>
public sealed record BreachAudienceSummary
{
    /// <summary>The audience rows of this run (storage keeps them for the fan-out).</summary>
    public required string RunId { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>Distinct citizens affected (a citizen reached through several CVs or reads counts once).</summary>
    public required long Citizens { get; init; }

    /// <summary>The records the selector found: access-log reads, exposure matches, or list entries.</summary>
    public required long Records { get; init; }

    /// <summary>Distinct CVs in the access log that no longer map to a citizen (deleted since): the registry must resolve them.</summary>
    public required long UnresolvedCvs { get; init; }

    public required IReadOnlyList<BreachCount> ByRegistry { get; init; }
    public required IReadOnlyList<BreachCount> ByLanguage { get; init; }
    public required IReadOnlyList<BreachCount> ByChannel { get; init; }

    /// <summary>protected, not-protected, unknown (no visibility state: treated as protected).</summary>
    public required IReadOnlyList<BreachCount> ByProtectedStatus { get; init; }
}

/// <summary>A breach-notification campaign: the draft as the privacy team wrote it, its state, its dry run and every action on it.</summary>
public sealed record BreachCampaign
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
    public required DateTimeOffset WindowFrom { get; init; }
    public required DateTimeOffset WindowTo { get; init; }
    public required IReadOnlyList<string> DataCategories { get; init; }
    public string? LikelyConsequences { get; init; }
    public string? MeasuresTaken { get; init; }
    public required BreachSelector Selector { get; init; }
    public required string FallbackLanguage { get; init; }

    /// <summary>The languages that have a letter (the letters are stored apart, one row each).</summary>
    public required IReadOnlyList<string> LetterLanguages { get; init; }
    public required BreachChannelPolicy ChannelPolicy { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyList<BreachAction> Audit { get; init; }
    public BreachAudienceSummary? Audience { get; init; }
    public string? ApprovedBy { get; init; }

    /// <summary>Set by report-filed: the authority's reference and when it was filed.</summary>
    public BreachReportFiled? ReportFiled { get; init; }

    public string? ETag { get; init; }
}

/// <summary>A new campaign with what is stored beside it: the letters and the uploaded citizen ids.</summary>
public sealed record BreachDraft(BreachCampaign Campaign, IReadOnlyDictionary<string, BreachLetter> Letters, IReadOnlyList<string> CitizenIds);

/// <summary>One affected citizen (or, for a CV that no longer maps to one, that CV), as the dry run stores it for the fan-out.</summary>
public sealed record AudienceMember
{
    public required string Registry { get; init; }

    /// <summary>Null when the CV was deleted and no citizen can be found for it (<see cref="CvId"/> is then set).</summary>
    public string? CitizenId { get; init; }
    public string? CvId { get; init; }

    /// <summary>The letter language (after fallback).</summary>
    public required string Language { get; init; }

    /// <summary>"secure" for protected or unknown status; otherwise the policy's first channel (the registry decides at delivery).</summary>
    public required string Channel { get; init; }
    public required string ProtectedStatus { get; init; }

    /// <summary>
    /// The parties (access-log names, never persons) that read the CV in the campaign's window, as far as the selector
    /// concerns them: empty when none did; null when not looked up (no CV).
    /// </summary>
    public IReadOnlyList<string>? SeenBy { get; init; }

    /// <summary>The data categories those reads held (from the logged field names), in letter order.</summary>
    public IReadOnlyList<string>? SeenCategories { get; init; }
}

public static class ProtectedStatuses
{
    public const string Protected = "protected";
    public const string NotProtected = "not-protected";
    public const string Unknown = "unknown";
}

public static class BreachChannels
{
    /// <summary>The registry's secure channel: the only one for citizens with a protected address.</summary>
    public const string Secure = "secure";

    /// <summary>In a delivery request: the registry's default channel (the citizen is known not to be protected).</summary>
    public const string Default = "default";
}

/// <summary>Storage of campaigns, their letters, uploaded lists and dry-run audiences.</summary>
public interface IBreachStore
{
    /// <summary>Stores the campaign, its letters and its citizen list together, or nothing.</summary>
    Task CreateAsync(BreachDraft draft, CancellationToken cancellationToken);

    Task<BreachCampaign?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<BreachCampaign>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the campaign if its ETag is still current; false when it changed meanwhile.</summary>
    Task<bool> TryUpdateAsync(BreachCampaign campaign, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, BreachLetter>> LettersAsync(string id, CancellationToken cancellationToken);

    /// <summary>The uploaded citizen ids, streamed in the stored chunks.</summary>
    IAsyncEnumerable<IReadOnlyList<string>> CitizenIdsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Writes audience members of one run; a member written twice (same registry and citizen, or CV) is one row.</summary>
    Task WriteAudienceAsync(string id, string runId, IReadOnlyList<AudienceMember> members, CancellationToken cancellationToken);

    /// <summary>The audience of one run, each member once, streamed.</summary>
    IAsyncEnumerable<AudienceMember> AudienceAsync(string id, string runId, CancellationToken cancellationToken);

    /// <summary>Whether the campaign holds rows of the citizen: in a dry run's audience or the uploaded list.</summary>
    Task<bool> HoldsCitizenAsync(string id, string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not erase.");

    /// <summary>Erasure: removes the citizen from every audience of the campaign and from its uploaded list; idempotent.</summary>
    Task EraseCitizenAsync(string id, string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not erase.");
}
