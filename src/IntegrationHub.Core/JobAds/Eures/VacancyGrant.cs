namespace IntegrationHub.Core.JobAds.Eures;

public sealed class VacancyGrant
{
    public bool Enabled { get; set; }
}
