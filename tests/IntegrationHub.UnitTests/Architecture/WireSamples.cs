using IntegrationHub.Core.Access;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Architecture;

/// <summary>
/// One queue message or outbound event per capability, with every kind of member the wire carries (nulls left out,
/// enums as strings, renamed members, nested records, dictionaries keyed by enums), for <see cref="CapabilityJsonTests"/>.
/// </summary>
internal static class WireSamples
{
    public const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static readonly DateTimeOffset At = new(2026, 12, 5, 6, 30, 15, 123, TimeSpan.Zero);

    public static CvChangesPage CvChangesPage => new()
    {
        MessageId = "m1",
        CorrelationId = "c1",
        Registry = "nav",
        Changes = [new CvChange("cv-1", 3, CvOperations.Upserted, "citizen-1"), new CvChange("cv-2", 1, CvOperations.Deleted)],
        TraceParent = TraceParent,
    };

    public static List<NationalIdFinding> NationalIdFindings => [new("summary", NationalIdKind.NorwegianFodselsnummer), new("experience[0].text", NationalIdKind.DanishCpr)];

    public static CvVisibilityChanged Shown => new("nav", "cv-1", true, true, Presentation.Anonymous, At);

    public static CvVisibilityChanged Hidden => new("nav", "cv-1", false, false, null, At);

    public static CitizenEvent CitizenEvent => new()
    {
        Id = "e1",
        Registry = "jobnet",
        CitizenId = "citizen-1",
        Type = "consent.granted",
        Source = "/citizen-portal",
        Time = At,
        Facts = new Dictionary<CitizenFact, FactValue> { [CitizenFact.ConsentToEmployers] = new(true), [CitizenFact.Publication] = new(null, "anonymous") },
        Sections = ["experience"],
    };

    public static InactivityNotice InactivityNotice => new("jobnet", "citizen-1", "cv-1", "reminder", At, null);

    public static SecurityAlert SecurityAlert => new("inc-1", "employer-1", "client-1", "daily", At);

    public static JobAdDeliveryPage JobAdDeliveryPage => new()
    {
        MessageId = "m1",
        CorrelationId = "c1",
        Client = "ats",
        Board = "nav",
        AdIds = ["ad-1", "ad-2"],
        TraceParent = TraceParent,
    };

    public static JobAdStatusChanged JobAdStatusChanged => new("ats", "ad-1", "nav", "published", null, null, null, 2, "ref-1", 4, At, "ACTIVE");

    public static BreachDeliveryPage BreachDeliveryPage => new()
    {
        MessageId = "m1",
        CorrelationId = "c1",
        CampaignId = "b1",
        RunId = "r1",
        PageNo = 7,
        After = "",
        Last = "c|nav|citizen-2",
        Count = 2,
        Items =
        [
            new() { Key = "c|nav|citizen-1", Language = "nb", Channel = "default", CvId = "cv-1", SeenBy = ["employer-1"], SeenCategories = ["contact"] },
            new() { Key = "c|nav|citizen-2", Language = "en", Channel = "secure" },
        ],
        TraceParent = TraceParent,
    };

    public static RunBreachDryRun RunBreachDryRun => new() { MessageId = "m1", CorrelationId = "c1", CampaignId = "b1" };

    public static RegistryDeliveryRequest RegistryDeliveryRequest => new()
    {
        CampaignId = "b1",
        CitizenId = "citizen-1",
        IdempotencyKey = "b1:citizen-1",
        Channel = "default",
        PreferredChannels = ["digital", "paper"],
        Language = "nb",
        Subject = "Dine opplysninger",
        Body = "Hei \"du\" <b>&</b> æøå",
    };

    public static BreachCount[] BreachCounts => [new("nb", 3), new("en", 1)];

    public static ResumeErasure ResumeErasure => new("nav", "k1");

    public static CvErased CvErased => new("nav", "cv-1", At);
}
