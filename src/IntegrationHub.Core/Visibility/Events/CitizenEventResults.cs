namespace IntegrationHub.Core.Visibility.Events;

/// <summary>POST /api/consent-events: a result per event of the request, in the request's order.</summary>
public sealed record CitizenEventResults(IReadOnlyList<CitizenEventOutcome> Results)
{
    public static CitizenEventResults From(IReadOnlyList<CitizenEventResult> results) => new([.. results.Select(CitizenEventOutcome.From)]);
}
