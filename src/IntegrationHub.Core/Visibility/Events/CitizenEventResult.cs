using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Visibility.Events;

/// <summary>What happened to one event of a request.</summary>
public sealed record CitizenEventResult(int Index, string? Id, string Status, IReadOnlyList<FieldError> Errors);
