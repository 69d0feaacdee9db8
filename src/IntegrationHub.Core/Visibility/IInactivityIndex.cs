namespace IntegrationHub.Core.Visibility;

/// <summary>Reads the states whose next inactivity action has fallen due.</summary>
public interface IInactivityIndex
{
    /// <summary>States of <paramref name="registry"/> with an inactivity action due at <paramref name="now"/>; paged.</summary>
    Task<(IReadOnlyList<VisibilityState> States, string? Continuation)> DueAsync(string registry, DateTimeOffset now, string? continuation, CancellationToken cancellationToken);
}
