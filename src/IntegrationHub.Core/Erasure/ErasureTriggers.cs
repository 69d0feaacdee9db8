namespace IntegrationHub.Core.Erasure;

public static class ErasureTriggers
{
    public const string Request = "citizen-erasure";
    public const string CvDeletedForGood = "cv-deleted-for-good";
    public const string Inactivity = "inactivity-deletion";

    /// <summary>A citizen event request wrote beside a running erasure and asked for it again (ADR 0040).</summary>
    public const string EventBesideErasure = "event-beside-erasure";

    /// <summary>A citizen's first decision inserted its state beside a running erasure and asked for it again (ADR 0040).</summary>
    public const string DecisionBesideErasure = "decision-beside-erasure";
}
