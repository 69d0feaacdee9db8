using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Visibility;

internal static class VisibilityTestFacts
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Every fact known and favourable: visible to employers and searchable in every jurisdiction.</summary>
    public static CitizenFacts Visible() => new()
    {
        ConsentToEmployers = true,
        WorkOrientedBenefit = false,
        ReducedWorkCapacityBenefit = false,
        AgreedToShowDespiteReducedCapacity = null,
        JobReady = null,
        ProtectedAddress = false,
        Publication = "open",
        LastCitizenActivityAt = Now.AddDays(-1),
        CvPresent = true,
    };
}
