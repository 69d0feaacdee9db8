using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.JobAds;

public abstract record JobAdIntakeResult
{
    private JobAdIntakeResult() { }

    public sealed record Stored(JobAdSubmitted Answer) : JobAdIntakeResult;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : JobAdIntakeResult;

    /// <summary>Concurrent writers kept winning: the caller should retry.</summary>
    public sealed record Contended : JobAdIntakeResult;
}
