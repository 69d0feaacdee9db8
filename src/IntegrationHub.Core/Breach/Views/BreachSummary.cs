namespace IntegrationHub.Core.Breach;

/// <summary>One campaign in GET /api/breaches; <c>citizens</c> once a dry run has counted the audience.</summary>
public sealed record BreachSummary(string Id, string Title, string Status, DateTimeOffset DetectedAt, DateTimeOffset CreatedAt, long? Citizens)
{
    public static BreachSummary From(BreachCampaign c) => new(c.Id, c.Title, c.Status, c.DetectedAt, c.CreatedAt, c.Audience?.Citizens);
}
