namespace IntegrationHub.Core.Callers;

/// <summary>The app roles of the hub's Entra ID app registration, one per kind of caller.</summary>
public static class HubRoles
{
    public const string CvSubmit = "Cv.Submit";
    public const string ConsentWrite = "Consent.Write";
    public const string CvRead = "Cv.Read";
    public const string JobAdSubmit = "JobAd.Submit";

    /// <summary>A job board pulling vacancies (EURES); needs a vacancy grant too, and opens no CV.</summary>
    public const string JobAdRead = "JobAd.Read";
    public const string BreachManage = "Breach.Manage";

    public static IReadOnlyList<string> All { get; } = [CvSubmit, ConsentWrite, CvRead, JobAdSubmit, JobAdRead, BreachManage];
}
