namespace IntegrationHub.Core.Visibility;

/// <summary>The index of exposures, written with the visibility state (see <see cref="IVisibilityStateStore"/>).</summary>
public interface IExposureIndex
{
    /// <summary>Exposures of <paramref name="registry"/> that overlap [<paramref name="from"/>, <paramref name="to"/>), in order of their start.</summary>
    Task<ExposurePage> OverlappingAsync(string registry, DateTimeOffset from, DateTimeOffset to, string? continuation, int pageSize, CancellationToken cancellationToken);
}
