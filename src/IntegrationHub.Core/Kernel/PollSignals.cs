namespace IntegrationHub.Core.Kernel;

/// <summary>The pollers' paces in one process, shared by the stores that write their work and the pollers.</summary>
public sealed class PollSignals
{
    /// <summary>The outbox relay: woken by every commit that writes outbox rows.</summary>
    public PollPace Outbox { get; } = new();

    /// <summary>The CV change pump: woken by every CV commit.</summary>
    public PollPace CvChanges { get; } = new();

    /// <summary>The job-ad delivery pump: woken by every job-ad commit that can leave a delivery signal.</summary>
    public PollPace JobAdDeliveries { get; } = new();

    /// <summary>The job-ad expiry timer: nothing wakes it (an ad expires by time), so an idle hub looks at growing gaps.</summary>
    public PollPace JobAdExpiry { get; } = new();

    /// <summary>The breach planner: woken by every campaign write (start, pause, resume, stop).</summary>
    public PollPace BreachCampaigns { get; } = new();
}
