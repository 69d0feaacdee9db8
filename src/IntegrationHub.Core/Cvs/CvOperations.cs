namespace IntegrationHub.Core.Cvs;

public static class CvOperations
{
    public const string Upserted = "upserted";
    public const string Deleted = "deleted";
}
