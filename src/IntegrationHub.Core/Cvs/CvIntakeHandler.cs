using System.Text.Json;
using IntegrationHub.Core.Hub;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Cvs;

public abstract record CvIntakeResult
{
    private CvIntakeResult() { }

    public sealed record Stored(CvSubmitted Answer) : CvIntakeResult;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : CvIntakeResult;

    /// <summary>The sender named a version that is not the stored one: a late retry must not overwrite newer content.</summary>
    public sealed record VersionMismatch(int NamedVersion, int StoredVersion) : CvIntakeResult;

    /// <summary>Concurrent writers kept winning: the caller should retry.</summary>
    public sealed record Contended : CvIntakeResult;
}

/// <summary>Creates or replaces a registry's CV: validate, detect national ID numbers, store idempotently.</summary>
public sealed partial class CvIntakeHandler(ICvStore store, TimeProvider clock, ILogger<CvIntakeHandler> logger)
{
    private const int MaxAttempts = 4;

    public async Task<CvIntakeResult> SubmitAsync(SubmitCv command, CancellationToken cancellationToken)
    {
        var errors = CvSchemaValidator.Instance.Validate(command.Document);
        if (errors.Count > 0)
        {
            return new CvIntakeResult.Invalid(errors);
        }

        var document = command.Document;
        var externalId = document.GetProperty("externalId").GetString()!;
        var citizenId = document.GetProperty("citizenId").GetString()!;
        var namedVersion = command.IfMatchVersion
            ?? (document.TryGetProperty("version", out var v) && v.TryGetDouble(out var claimed) ? (int)claimed : null); // the schema allows 1.0 as an integer

        // The version field is the sender's concurrency claim, not content.
        var canonical = CanonicalJson.Write(document, omitTopLevelProperty: "version");
        var hash = CanonicalJson.Hash(canonical);
        var findings = NationalIdScanner.Scan(document);

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var existing = await store.FindByExternalIdAsync(command.Registry, externalId, cancellationToken);
            if (existing is not null && existing.ContentHash == hash)
            {
                return new CvIntakeResult.Stored(Answer(existing, "unchanged"));
            }
            if (existing is not null && namedVersion is { } named && named != existing.Version)
            {
                return new CvIntakeResult.VersionMismatch(named, existing.Version);
            }

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
            if (await store.CommitAsync(new CvWrite(cv, canonical, CvFactsBuilder.Build(cv, document)), existing, cancellationToken))
            {
                LogStored(logger, cvId, version, findings.Count, command.CorrelationId);
                return new CvIntakeResult.Stored(Answer(cv, "accepted"));
            }
            LogConflict(logger, externalId.Length, attempt, command.CorrelationId);
        }
        return new CvIntakeResult.Contended();
    }

    private static CvSubmitted Answer(StoredCv cv, string status) => new()
    {
        CvId = cv.CvId,
        Version = cv.Version,
        Status = status,
        Warnings = [.. cv.NationalIdFindings.Select(f => new CvWarning(
            f.Field,
            "national-id-number",
            $"holds what looks like a national ID number ({f.Kind}); it is stored but never shown outside the owning registry"))],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "CV {CvId} stored as version {Version} ({FindingCount} national-id findings), correlation {CorrelationId}")]
    private static partial void LogStored(ILogger logger, string cvId, int version, int findingCount, string correlationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Concurrent write on a CV (key length {KeyLength}), attempt {Attempt}, correlation {CorrelationId}")]
    private static partial void LogConflict(ILogger logger, int keyLength, int attempt, string correlationId);
}
