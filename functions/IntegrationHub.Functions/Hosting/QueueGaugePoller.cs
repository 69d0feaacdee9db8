using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Telemetry;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Hosting;

/// <summary>
/// Feeds the level gauges of <see cref="HubMetrics"/> at a modest pace (Hub:Telemetry:QueuePollSeconds, 30 s): each work
/// queue and its poison queue (approximate count, and the oldest visible message's age by a peek), and the hours left
/// of the 72-hour deadline for every campaign whose report is not filed. The platform's queue metric has no per-queue
/// dimension and is hourly (learn.microsoft.com azure/storage/queues/monitor-queue-storage-reference), hence this.
/// Each instance polls; the gauges are levels, so duplicates agree.
/// </summary>
public sealed partial class QueueGaugePoller(IServiceProvider services, IOptions<HubTelemetryOptions> options, TimeProvider clock, ILogger<QueueGaugePoller> logger)
    : BackgroundService
{
    /// <summary>GDPR art. 33(1): the supervisory authority is told within 72 hours of becoming aware.</summary>
    public static readonly TimeSpan ReportDeadline = TimeSpan.FromHours(72);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.QueuePollSeconds), clock);
        do
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(logger, e.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public async Task PollAsync(CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<HubStorage>();
        foreach (var name in HubQueues.All.SelectMany(q => new[] { q, q + "-poison" }))
        {
            var queue = storage.Queue(name);
            if (!(await queue.ExistsAsync(cancellationToken)).Value)
            {
                HubMetrics.QueueLevel(name, 0, TimeSpan.Zero);
                continue;
            }
            var count = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            var oldest = count == 0 ? [] : (await queue.PeekMessagesAsync(1, cancellationToken)).Value;
            var age = oldest.Length > 0 && oldest[0].InsertedOn is { } inserted ? clock.GetUtcNow() - inserted : TimeSpan.Zero;
            HubMetrics.QueueLevel(name, count, age < TimeSpan.Zero ? TimeSpan.Zero : age);
        }

        var breaches = services.GetService<IBreachStore>();
        if (breaches is not null)
        {
            var now = clock.GetUtcNow();
            var campaigns = await breaches.ListAsync(cancellationToken);
            HubMetrics.CampaignDeadlines(campaigns
                .Where(c => !IsReported(c) && c.Status != BreachStatus.Cancelled)
                .ToDictionary(c => c.Id, c => (c.DetectedAt + ReportDeadline - now).TotalHours, StringComparer.Ordinal));
            await PollProgressAsync(campaigns, now, cancellationToken);
        }
    }

    /// <summary>
    /// The progress gauge of each running campaign, read as GET /api/breaches/{id} reads it (the same reader, so the page
    /// records this process has summed for either are not read again, ADR 0061); campaigns not running are dropped from
    /// the gauge, so a finished one stops reporting.
    /// </summary>
    private async Task PollProgressAsync(IReadOnlyList<BreachCampaign> campaigns, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reader = services.GetService<BreachProgressReader>();
        var progress = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var campaign in campaigns.Where(c => c.Status == BreachStatus.Running && reader is not null))
        {
            if (await reader!.ReadAsync(campaign, pace: null, now, cancellationToken) is { } p)
            {
                progress[campaign.Id] = p.Percent;
            }
        }
        HubMetrics.CampaignProgress(progress);
    }

    /// <summary>Reported once the privacy team says the report is filed (action "report-filed", status "reported": the lifecycle issue 16 adds them).</summary>
    internal static bool IsReported(BreachCampaign campaign) =>
        campaign.Status == "reported" || campaign.Audit.Any(a => a.Action == "report-filed");

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the queue and campaign gauges failed with {ExceptionType}")]
    private static partial void LogPollFailed(ILogger logger, string exceptionType);
}
