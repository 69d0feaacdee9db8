using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// POST /api/breaches/{breachId}/report-filed, as <see cref="ReportFiledParser"/> reads it (no other field); the
/// OpenAPI document's schema of the body is exported from this record.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BreachReportFiledRequest(
    [property: StringLength(ReportFiledParser.MaxReferenceLength, MinimumLength = 1), Description("The supervisory authority's reference for the report.")] string Reference,
    [property: Description("When the report was filed; not before detectedAt, not in the future.")] DateTimeOffset FiledAt);
