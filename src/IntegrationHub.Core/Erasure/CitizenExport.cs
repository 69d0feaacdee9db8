using System.Globalization;
using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Retention;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// The citizen's copy (GDPR art. 15) for the owning registry to hand over, beside the erasure (art. 17) it mirrors: one
/// JSON document written to the writer it is given and flushed after each CV version and each month of reads, so a long
/// history never sits in memory whole. It holds the CV versions, the events and the facts they add up to, the
/// visibility decisions over time with reasons and legal basis, every read outside the registry, the breach letters
/// and their delivery (<see cref="ICitizenLetters"/>, answered by Breach), and what expires when.
/// </summary>
public sealed class CitizenExport(
    ICvStore cvs,
    ICitizenEventLedger ledger,
    IVisibilityStateStore states,
    IAccessLog accessLog,
    ICitizenLetters letters,
    IOptions<HubOptions> hub,
    IOptions<RetentionOptions> retention,
    TimeProvider clock)
{
    /// <summary>What the hub holds of the citizen in the registry; null when it holds nothing (no CV, no state, no event).</summary>
    public async Task<CitizenCopy?> FindAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var cvIds = new SortedSet<string>(await cvs.CvIdsOfCitizenAsync(registry, citizenId, cancellationToken), StringComparer.Ordinal);
        var state = await states.GetAsync(registry, citizenId, cancellationToken);
        var events = await ledger.ReadAsync(registry, citizenId, cancellationToken);
        if (cvIds.Count == 0 && state is null && events.Count == 0)
        {
            return null;
        }
        if (state?.Cv?.CvId is { } current)
        {
            cvIds.Add(current);
        }
        return new CitizenCopy(registry, citizenId, [.. cvIds], state, events);
    }

    /// <summary>Writes the copy as one JSON object to <paramref name="writer"/>, flushing as it goes.</summary>
    public async Task WriteAsync(CitizenCopy copy, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var (registry, citizenId, cvIds, state, events) = copy;
        var now = clock.GetUtcNow();
        writer.WriteStartObject();
        writer.WriteString("registry", registry);
        writer.WriteString("citizenId", citizenId);
        writer.WriteString("exportedAt", now);

        // The CV versions the hub holds: the stored documents, as the registry sent them.
        writer.WriteStartArray("cvs");
        foreach (var cvId in cvIds)
        {
            var cv = await cvs.GetAsync(registry, cvId, cancellationToken);
            writer.WriteStartObject();
            writer.WriteString("cvId", cvId);
            if (cv is not null)
            {
                writer.WriteNumber("currentVersion", cv.Version);
                writer.WriteString("updatedAt", cv.UpdatedAt);
            }
            writer.WriteStartArray("versions");
            await foreach (var (version, document) in cvs.DocumentsAsync(cvId, cancellationToken))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", version);
                writer.WritePropertyName("document");
                writer.WriteRawValue(document.Span, skipInputValidation: false);
                writer.WriteEndObject();
                await writer.FlushAsync(cancellationToken);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        // The events as received, and the facts the hub reads from them now.
        writer.WriteStartArray("events");
        foreach (var e in events.OrderBy(e => e.Time))
        {
            // Serialized to bytes first: JsonSerializer.Serialize(Utf8JsonWriter) flushes synchronously, which Kestrel refuses.
            writer.WriteRawValue(JsonSerializer.SerializeToUtf8Bytes(e, VisibilityJson.Default.CitizenEvent));
        }
        writer.WriteEndArray();
        if (state is not null)
        {
            writer.WritePropertyName("facts");
            writer.WriteRawValue(JsonSerializer.SerializeToUtf8Bytes(state.Facts, VisibilityJson.Default.CitizenFacts));
        }
        await writer.FlushAsync(cancellationToken);

        // Who could see the CV, when, why, and on which legal basis (GDPR art. 6(1)).
        writer.WriteStartArray("visibility");
        var history = await states.HistoryAsync(registry, citizenId, cancellationToken);
        for (var i = 0; i < history.Count; i++)
        {
            var h = history[i];
            writer.WriteStartObject();
            writer.WriteString("from", h.From);
            if (i + 1 < history.Count)
            {
                writer.WriteString("to", history[i + 1].From);
            }
            writer.WriteString("cvId", h.CvId);
            writer.WriteString("audience", h.Decision.Audience.ToString());
            writer.WriteString("presentation", h.Decision.Presentation.ToString());
            writer.WriteBoolean("searchable", h.Decision.Searchable);
            writer.WriteStartArray("reasons");
            foreach (var reason in h.Decision.Reasons)
            {
                writer.WriteStringValue(reason);
            }
            writer.WriteEndArray();
            writer.WriteString("legalBasis", Basis(h.Decision.LegalBasis));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);

        // Every read of the CV outside the registry, a month at a time from the first decision on.
        writer.WriteStartArray("reads");
        var since = history.Count > 0 ? history[0].From : now;
        DateTimeOffset? oldestRead = null;
        foreach (var cvId in cvIds)
        {
            for (var month = new DateTimeOffset(since.Year, since.Month, 1, 0, 0, 0, TimeSpan.Zero); month <= now; month = month.AddMonths(1))
            {
                var to = month.AddMonths(1).AddTicks(-1);
                foreach (var read in await accessLog.ForCvAsync(registry, cvId, month, to < now ? to : now, cancellationToken))
                {
                    writer.WriteStartObject();
                    writer.WriteString("cvId", read.CvId);
                    writer.WriteString("party", read.Party);
                    writer.WriteString("kind", read.Kind);
                    writer.WriteStartArray("fields");
                    foreach (var field in read.Fields)
                    {
                        writer.WriteStringValue(field);
                    }
                    writer.WriteEndArray();
                    writer.WriteString("at", read.At);
                    writer.WriteEndObject();
                    oldestRead = oldestRead is { } o && o <= read.At ? o : read.At;
                }
                await writer.FlushAsync(cancellationToken);
            }
        }
        writer.WriteEndArray();

        // Breach letters: the campaigns that include the citizen, and what became of their letter.
        writer.WriteStartArray("letters");
        var held = await letters.OfCitizenAsync(registry, citizenId, cancellationToken);
        foreach (var letter in held)
        {
            writer.WriteStartObject();
            writer.WriteString("campaignId", letter.CampaignId);
            writer.WriteString("title", letter.Title);
            writer.WriteString("campaignStatus", letter.CampaignStatus);
            if (letter.Delivery is not { } delivery)
            {
                writer.WriteString("delivery", "not-sent");
            }
            else
            {
                writer.WriteString("delivery", delivery.Status);
                writer.WriteString("channel", delivery.Channel);
                writer.WriteString("language", delivery.Language);
                writer.WriteNumber("attempts", delivery.Attempts);
                writer.WriteString("at", delivery.At);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        // The CV went when the first interval after the last one with a CV began (a change of CV is a change served).
        var lastWithCv = history.Select((h, i) => (h, i)).LastOrDefault(x => x.h.CvId is not null);
        var cvGoneAt = state?.Cv is null && lastWithCv.h is not null && lastWithCv.i + 1 < history.Count ? history[lastWithCv.i + 1].From : (DateTimeOffset?)null;
        WriteExpiry(writer, registry, new CitizenHoldings(state?.Cv is not null, state?.Facts.LastCitizenActivityAt, cvGoneAt,
            history.Count > 1 ? history[1].From : null, oldestRead, [.. held.Select(l => l.Hold)]));
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// What is due to expire when (GDPR art. 15(1)(d)), per the registry's jurisdiction and "Hub:Retention": the same
    /// periods the purge applies (<see cref="CitizenExpiry"/>, docs/data-lifecycle.md).
    /// </summary>
    private void WriteExpiry(Utf8JsonWriter writer, string registry, CitizenHoldings holdings)
    {
        var jurisdiction = hub.Value.Registries.TryGetValue(registry, out var settings) ? settings.Jurisdiction : null;
        writer.WriteStartArray("expiry");
        foreach (var entry in CitizenExpiry.For(jurisdiction, retention.Value, holdings))
        {
            writer.WriteStartObject();
            writer.WriteString("data", entry.Data);
            if (entry.ExpiresAt is { } date)
            {
                writer.WriteString("expiresAt", date.ToString("O", CultureInfo.InvariantCulture));
            }
            writer.WriteString("rule", entry.Rule);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static string Basis(LegalBasis basis) => basis switch
    {
        LegalBasis.Consent => "consent",
        LegalBasis.PublicTask => "public-task",
        _ => "none",
    };
}
