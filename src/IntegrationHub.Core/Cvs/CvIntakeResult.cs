using IntegrationHub.Core.Kernel;

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
