using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Cvs;

/// <summary>Creates or replaces a registry's CV: validate, detect national ID numbers, store idempotently.</summary>
public sealed partial class CvIntakeHandler(
    ICvStore store,
    NewCvGuess guess,
    TimeProvider clock,
    IOptions<HubOptions> hub,
    IOptions<ClockOptions> clockOptions,
    ILogger<CvIntakeHandler> logger)
{
    private const int MaxAttempts = 4;

    public async Task<CvIntakeResult> SubmitAsync(SubmitCv command, CancellationToken cancellationToken)
    {
        var result = await SubmitCoreAsync(command, cancellationToken);
        Telemetry.HubMetrics.CvSubmitted(result switch
        {
            CvIntakeResult.Stored stored => stored.Answer.Status,
            CvIntakeResult.Invalid => "rejected",
            CvIntakeResult.VersionMismatch => "version-mismatch",
            _ => "contended",
        });
        return result;
    }

    private async Task<CvIntakeResult> SubmitCoreAsync(SubmitCv command, CancellationToken cancellationToken)
    {
        var errors = CvSchemaValidator.Instance.Validate(command.Document);
        if (errors.Count > 0)
        {
            return new CvIntakeResult.Invalid(errors);
        }

        var document = command.Document;
        // The last activity restarts Denmark's inactivity timetable: one far in the future would keep a CV searchable for ever.
        if (document.TryGetProperty("lastCitizenActivityAt", out var lastActivity) && lastActivity.TryGetDateTimeOffset(out var at)
            && at > clock.GetUtcNow() + clockOptions.Value.MaxFutureSkew)
        {
            return new CvIntakeResult.Invalid([FutureTime.Error("/lastCitizenActivityAt", clockOptions.Value.MaxFutureSkew)]);
        }
        var externalId = document.GetProperty("externalId").GetString()!;
        var citizenId = document.GetProperty("citizenId").GetString()!;
        var namedVersion = command.IfMatchVersion
            ?? (document.TryGetProperty("version", out var v) && v.TryGetDouble(out var claimed) ? (int)claimed : null); // the schema allows 1.0 as an integer

        // The version field is the sender's concurrency claim, not content.
        var canonical = CanonicalJson.Write(document, omitTopLevelProperty: "version");
        var hash = CanonicalJson.Hash(canonical);
        // Scanned only for a version to store: an unchanged CV answers with the stored version's findings.
        IReadOnlyList<NationalIdFinding>? findings = null;
        IReadOnlyList<CvWarning> inputWarnings = InputWarnings(command.Registry, document);

        if (namedVersion is null && guess.ShouldGuess(command.Registry))
        {
            // ADR 0063: committed as new without reading the external id first. A stored CV refuses the transaction, and
            // the store deletes the document this attempt uploaded; the read below then answers as it always did.
            var committed = await TryCommitAsync(existing: null);
            guess.Record(command.Registry, missed: committed is null);
            if (committed is not null)
            {
                return committed;
            }
        }
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var existing = await store.FindByExternalIdAsync(command.Registry, externalId, cancellationToken);
            if (existing is not null && existing.ContentHash == hash)
            {
                return new CvIntakeResult.Stored(Answer(existing, "unchanged", inputWarnings));
            }
            if (existing is not null && namedVersion is { } named && named != existing.Version)
            {
                return new CvIntakeResult.VersionMismatch(named, existing.Version);
            }
            if (await TryCommitAsync(existing) is { } stored)
            {
                return stored;
            }
            LogConflict(logger, externalId.Length, attempt, command.CorrelationId);
        }
        return new CvIntakeResult.Contended();

        // The next version after existing (a new CV with a fresh id when none), committed only if the entry is still as
        // read; null when another commit came first.
        async Task<CvIntakeResult?> TryCommitAsync(StoredCv? existing)
        {
            findings ??= NationalIdScanner.Scan(document);
            var cvId = existing?.CvId ?? HubIds.NewRandomId();
            var version = (existing?.Version ?? 0) + 1;
            var cv = new StoredCv
            {
                Registry = command.Registry,
                CvId = cvId,
                ExternalId = externalId,
                CitizenId = citizenId,
                Version = version,
                ContentHash = hash,
                DocumentName = $"{cvId}/v{version:D6}-{hash[..16]}.json",
                UpdatedAt = clock.GetUtcNow(),
                NationalIdFindings = findings,
            };
            if (!await store.CommitAsync(new CvWrite(cv, canonical, CvFactsBuilder.Build(cv, document)), existing, cancellationToken))
            {
                return null;
            }
            LogStored(logger, cvId, version, findings.Count, command.CorrelationId);
            return new CvIntakeResult.Stored(Answer(cv, "accepted", inputWarnings));
        }
    }

    private static CvSubmitted Answer(StoredCv cv, string status, IReadOnlyList<CvWarning> inputWarnings) => new()
    {
        CvId = cv.CvId,
        Version = cv.Version,
        Status = status,
        Warnings = [.. cv.NationalIdFindings.Select(f => new CvWarning(
            f.Field,
            "national-id-number",
            $"holds what looks like a national ID number ({f.Kind}); it is stored but never shown outside the owning registry")), .. inputWarnings],
    };

    /// <summary>
    /// The registry's own input rules, told back as warnings: they never decide visibility (docs/visibility-rules.md).
    /// werk.nl's CV wizard asks for an e-mail address (DOMAIN.md, werk.nl), so a Dutch CV without one is flagged.
    /// </summary>
    private List<CvWarning> InputWarnings(string registry, JsonElement document)
    {
        var warnings = new List<CvWarning>();
        if (hub.Value.Registries.TryGetValue(registry, out var settings) && settings.Jurisdiction == "NL"
            && !(document.TryGetProperty("personalDetails", out var details) && details.ValueKind == JsonValueKind.Object
                && details.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(email.GetString())))
        {
            warnings.Add(new CvWarning("/personalDetails/email", "email-expected",
                "werk.nl asks every CV for an e-mail address; the CV is stored and its visibility does not depend on it"));
        }
        return warnings;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CV {CvId} stored as version {Version} ({FindingCount} national-id findings), correlation {CorrelationId}")]
    private static partial void LogStored(ILogger logger, string cvId, int version, int findingCount, string correlationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Concurrent write on a CV (key length {KeyLength}), attempt {Attempt}, correlation {CorrelationId}")]
    private static partial void LogConflict(ILogger logger, int keyLength, int attempt, string correlationId);
}
