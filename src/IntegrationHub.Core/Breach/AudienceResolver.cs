using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Resolves a campaign's audience without holding it in memory: the selector is streamed in pages; each page is
/// resolved to citizens (CV -> citizen, language from the CV, protected status from the visibility state) and written
/// to the audience store, whose key (registry + citizen) makes a citizen found twice one row; the counts come from a
/// second streamed pass over that store, which also packs the citizens for the planner (ADR 0062). Only one page, a
/// few thousand citizens being packed and the counters are ever held.
/// </summary>
public sealed partial class AudienceResolver(
    IAccessLog log,
    ExposureQuery exposures,
    IBreachStore store,
    ICvStore cvs,
    IVisibilityStateStore states,
    ILogger<AudienceResolver> logger)
{
    public const int DefaultPageSize = 500;
    private const int Parallelism = 8;

    /// <summary>Citizens handed to the store's packing at once: a few packs, one transaction (ADR 0062).</summary>
    private const int PackEvery = 2_000;

    private readonly BreachSightings _sightings = new(log);

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Resolves and counts the audience; sends nothing.</summary>
    public async Task<BreachAudienceSummary> DryRunAsync(BreachCampaign campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var runId = HubIds.NewMessageId();
        long records = 0;
        await foreach (var page in SourcePagesAsync(campaign, cancellationToken))
        {
            records += page.Count;
            var members = await ResolveAsync(campaign, page, cancellationToken);
            await store.WriteAudienceAsync(campaign.Id, runId, members, cancellationToken);
        }

        long citizens = 0, unresolved = 0;
        var byRegistry = new Dictionary<string, long>(StringComparer.Ordinal);
        var byLanguage = new Dictionary<string, long>(StringComparer.Ordinal);
        var byChannel = new Dictionary<string, long>(StringComparer.Ordinal);
        var byProtected = new Dictionary<string, long>(StringComparer.Ordinal);
        // The same pass packs the citizens for the planner (ADR 0062): it streams them in key order already.
        var pack = new List<AudienceMember>(PackEvery);
        await foreach (var member in store.AudienceAsync(campaign.Id, runId, cancellationToken))
        {
            if (member.CitizenId is null)
            {
                unresolved++;
                continue;
            }
            pack.Add(member);
            if (pack.Count == PackEvery)
            {
                await store.WriteAudiencePacksAsync(campaign.Id, runId, pack, complete: false, cancellationToken);
                pack.Clear();
            }
            citizens++;
            Increment(byRegistry, member.Registry);
            Increment(byLanguage, member.Language);
            Increment(byChannel, member.Channel);
            Increment(byProtected, member.ProtectedStatus);
        }
        await store.WriteAudiencePacksAsync(campaign.Id, runId, pack, complete: true, cancellationToken);
        LogDryRun(logger, campaign.Id, runId, citizens, records, unresolved);
        return new BreachAudienceSummary
        {
            RunId = runId,
            CompletedAt = now,
            Citizens = citizens,
            Records = records,
            UnresolvedCvs = unresolved,
            ByRegistry = Counts(byRegistry),
            ByLanguage = Counts(byLanguage),
            ByChannel = Counts(byChannel),
            ByProtectedStatus = Counts(byProtected),
        };
    }

    /// <summary>The selector's records in pages of at most <see cref="PageSize"/>.</summary>
    public async IAsyncEnumerable<IReadOnlyList<SelectorRecord>> SourcePagesAsync(BreachCampaign campaign, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var selector = campaign.Selector;
        switch (selector.Kind)
        {
            case BreachSelectorKinds.AccessLog:
                var page = new List<SelectorRecord>(PageSize);
                await foreach (var entry in log.ForPartyAsync(selector.Party!, campaign.WindowFrom, campaign.WindowTo, cancellationToken))
                {
                    page.Add(new SelectorRecord(entry.Registry, null, entry.CvId));
                    if (page.Count == PageSize)
                    {
                        yield return page;
                        page = new List<SelectorRecord>(PageSize);
                    }
                }
                if (page.Count > 0)
                {
                    yield return page;
                }
                break;
            case BreachSelectorKinds.Exposure:
                CitizenFact? fact = selector.Fact is null ? null : ExposureFacts.ByName[selector.Fact];
                string? continuation = null;
                do
                {
                    var (matches, next) = await exposures.FindAsync(selector.Registry!, campaign.WindowFrom, campaign.WindowTo, fact, continuation, PageSize, cancellationToken);
                    if (matches.Count > 0)
                    {
                        yield return [.. matches.Select(m => new SelectorRecord(m.Registry, m.CitizenId, m.CvId, m.Windows))];
                    }
                    continuation = next;
                }
                while (continuation is not null);
                break;
            case BreachSelectorKinds.Citizens:
                await foreach (var chunk in store.CitizenIdsAsync(campaign.Id, cancellationToken))
                {
                    yield return [.. chunk.Select(id => new SelectorRecord(selector.Registry!, id, null))];
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown selector kind '{selector.Kind}'.");
        }
    }

    /// <summary>
    /// One page to audience members, each citizen (or unresolvable CV) once, with who read each member's CV: the access
    /// log is read here for the whole page (<see cref="BreachSightings"/>), and the answer stored with the audience row,
    /// so the fan-out renders "seen by" without a query per letter.
    /// </summary>
    public async Task<IReadOnlyList<AudienceMember>> ResolveAsync(BreachCampaign campaign, IReadOnlyList<SelectorRecord> page, CancellationToken cancellationToken)
    {
        var distinct = page.DistinctBy(r => (r.Registry, r.CitizenId, r.CitizenId is null ? r.CvId : null)).ToList();
        var resolved = new ConcurrentBag<AudienceMember>();
        await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (record, ct) => resolved.Add(await ResolveAsync(campaign, record, ct)));
        var members = resolved.DistinctBy(m => (m.Registry, m.CitizenId, m.CitizenId is null ? m.CvId : null)).ToList();

        // The exposure windows per CV (several records of one CV: all their windows).
        var windows = page.Where(r => r.Windows is not null && r.CvId is not null)
            .GroupBy(r => (r.Registry, CvId: r.CvId!))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(DateTimeOffset, DateTimeOffset)>)[.. g.SelectMany(r => r.Windows!)]);
        var cvs = members.Where(m => m is { CitizenId: not null, CvId: not null })
            .Select(m => (m.Registry, m.CvId!, windows.GetValueOrDefault((m.Registry, m.CvId!))))
            .ToList();
        var seen = await _sightings.ForPageAsync(campaign, cvs, cancellationToken);
        return [.. members.Select(m => m.CitizenId is not null && m.CvId is not null && seen.TryGetValue((m.Registry, m.CvId), out var s)
            ? m with { SeenBy = s.Parties, SeenCategories = s.Categories }
            : m)];
    }

    private async Task<AudienceMember> ResolveAsync(BreachCampaign campaign, SelectorRecord record, CancellationToken cancellationToken)
    {
        var citizenId = record.CitizenId;
        var cvId = record.CvId;
        StoredCv? cv = null;
        VisibilityState? state = null;
        if (citizenId is null)
        {
            // From the access log: the CV names the citizen. A CV deleted since has no citizen any more (the hub erased
            // the link with the CV); it is kept as an unresolved CV for the registry to resolve, not guessed at.
            cv = await cvs.GetAsync(record.Registry, cvId!, cancellationToken);
            if (cv is null)
            {
                return new AudienceMember
                {
                    Registry = record.Registry,
                    CvId = cvId,
                    Language = campaign.FallbackLanguage,
                    Channel = BreachChannels.Secure,
                    ProtectedStatus = ProtectedStatuses.Unknown,
                };
            }
            citizenId = cv.CitizenId;
        }
        state = await states.GetAsync(record.Registry, citizenId, cancellationToken);
        cvId ??= state?.Cv?.CvId;
        if (cv is null && cvId is not null)
        {
            cv = await cvs.GetAsync(record.Registry, cvId, cancellationToken);
        }
        var language = cv is null ? null : LanguageOf(await cvs.ReadDocumentAsync(cv, cancellationToken));
        var protectedStatus = state?.Facts.ProtectedAddress switch
        {
            true => ProtectedStatuses.Protected,
            false => ProtectedStatuses.NotProtected,
            null => ProtectedStatuses.Unknown,
        };
        return new AudienceMember
        {
            Registry = record.Registry,
            CitizenId = citizenId,
            CvId = cvId,
            Language = LetterLanguage(campaign, language),
            // Protected, or not known not to be: only the registry's secure channel. Others: the policy's first choice;
            // the registry picks the actual channel at delivery.
            Channel = protectedStatus == ProtectedStatuses.NotProtected ? campaign.ChannelPolicy.Channels[0] : BreachChannels.Secure,
            ProtectedStatus = protectedStatus,
        };
    }

    /// <summary>The letter language for a CV language: the CV's when the campaign has a letter in it, else the fallback.</summary>
    public static string LetterLanguage(BreachCampaign campaign, string? cvLanguage)
    {
        var language = cvLanguage == "no" ? "nb" : cvLanguage;
        return language is not null && campaign.LetterLanguages.Contains(language, StringComparer.Ordinal) ? language : campaign.FallbackLanguage;
    }

    private static string? LanguageOf(ReadOnlyMemory<byte> document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("language", out var language)
                && language.ValueKind == JsonValueKind.String ? language.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static List<BreachCount> Counts(Dictionary<string, long> counts) =>
        [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new BreachCount(c.Key, c.Value))];

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach campaign {CampaignId} dry run {RunId}: {Citizens} citizens from {Records} records, {Unresolved} unresolved CVs")]
    private static partial void LogDryRun(ILogger logger, string campaignId, string runId, long citizens, long records, long unresolved);
}
