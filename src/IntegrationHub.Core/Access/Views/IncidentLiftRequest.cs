using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Access;

/// <summary>POST /api/incidents/{incidentId}/lift: why the privacy team lifts the suspension (1-2000 characters, trimmed).</summary>
public sealed record IncidentLiftRequest([property: StringLength(2000, MinimumLength = 1)] string Reason);
