using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Visibility.Events;

/// <summary>What happened to one event: applied, a duplicate of one recorded before, or rejected with the fields and rules it breaks.</summary>
public sealed record CitizenEventOutcome(
    [property: Description("The event's position in the request (0 for a single event).")] int Index,
    [property: Description("The event's id; null when it has none, or one too long to repeat.")] string? Id,
    [property: AllowedValues(CitizenEventStatus.Applied, CitizenEventStatus.Duplicate, CitizenEventStatus.Rejected)] string Status,
    [property: Description("Null unless rejected: each field (a JSON pointer) and rule; a time too far ahead of the hub's clock is rule not-in-future.")] IReadOnlyList<FieldError>? Errors)
{
    public static CitizenEventOutcome From(CitizenEventResult r) => new(r.Index, r.Id, r.Status, r.Errors.Count == 0 ? null : r.Errors);
}
