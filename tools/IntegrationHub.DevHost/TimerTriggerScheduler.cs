using Azure.Storage.Blobs.Specialized;
using IntegrationHub.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace IntegrationHub.DevHost;

/// <summary>
/// Fires one timer-triggered function on its six-field CRON schedule; a failure is logged and the next occurrence still
/// fires. With a <see cref="ListenerLock"/> it is a singleton across instances as in the Functions host
/// (azure-webjobs-sdk SingletonListener.cs): it fires only while it holds the lease, renews it at half its period, and
/// when it cannot get it (or loses it) tries again every listenerLockRecoveryPollingInterval, so a survivor takes over
/// within listenerLockPeriod + listenerLockRecoveryPollingInterval of the holder's death.
/// </summary>
internal sealed partial class TimerTriggerScheduler(
    HubFunction function,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger logger,
    ListenerLock? listenerLock = null,
    SingletonHostSettings? singleton = null) : BackgroundService
{
    /// <summary>The host retries a failed renewal sooner, down to this (SingletonManager's minimum renewal interval).</summary>
    private static readonly TimeSpan MinimumRenewalInterval = TimeSpan.FromSeconds(1);

    private readonly CrontabSchedule _schedule = Parse(function);
    private readonly SingletonHostSettings _singleton = singleton ?? SingletonHostSettings.Defaults;
    private int _holding;

    public string FunctionName => function.Name;

    /// <summary>True while this instance holds the timer's lease (always, without a lock).</summary>
    public bool IsHolding => listenerLock is null || Volatile.Read(ref _holding) == 1;

    private static CrontabSchedule Parse(HubFunction function)
    {
        var fields = function.Schedule!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.Parse(function.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (listenerLock is null)
        {
            await RunScheduleAsync(stoppingToken, stoppingToken);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var lease = await TryAcquireAsync(stoppingToken);
            if (lease is null)
            {
                // Another instance holds it (or storage is away): poll again, as the host's recovery timer does.
                await Delay(_singleton.ListenerLockRecoveryPollingInterval, stoppingToken);
                continue;
            }
            LogAcquired(logger, function.Name);
            Volatile.Write(ref _holding, 1);
            using (var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                var renewal = KeepLeaseAsync(lease, held);
                await RunScheduleAsync(held.Token, stoppingToken);
                await held.CancelAsync();
                await renewal;
            }
            Volatile.Write(ref _holding, 0);
            if (stoppingToken.IsCancellationRequested)
            {
                await ReleaseAsync(lease);
                return;
            }
            // Lost: the host stops the listener and starts it again (one attempt at once, then the recovery interval).
            LogLost(logger, function.Name);
        }
    }

    private async Task<BlobLeaseClient?> TryAcquireAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(_singleton.RenewalInterval);
            return await listenerLock!.TryAcquireAsync(timeout.Token);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            LogLockError(logger, function.Name, e.GetType().Name);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Renews at half the period; a failed renewal (storage away) is retried every second until the lease would have
    /// run out by this instance's clock, and then the timer stops firing: another instance may hold it by then. A 409
    /// or 412 (the lease is someone else's) stops it at once.
    /// </summary>
    private async Task KeepLeaseAsync(BlobLeaseClient lease, CancellationTokenSource held)
    {
        var expires = clock.GetUtcNow() + listenerLock!.LeasePeriod;
        var delay = _singleton.RenewalInterval;
        while (!held.IsCancellationRequested)
        {
            await Delay(delay, held.Token);
            if (held.IsCancellationRequested)
            {
                return;
            }
            var started = clock.GetUtcNow();
            var left = expires - started;
            if (left <= TimeSpan.Zero)
            {
                await held.CancelAsync();
                return;
            }
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(held.Token);
                timeout.CancelAfter(left);
                await lease.RenewAsync(cancellationToken: timeout.Token);
                expires = started + listenerLock.LeasePeriod;
                delay = _singleton.RenewalInterval;
            }
            catch (Azure.RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
                await held.CancelAsync();
                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
            {
                if (held.IsCancellationRequested)
                {
                    return;
                }
                LogLockError(logger, function.Name, e.GetType().Name);
                delay = MinimumRenewalInterval;
            }
        }
    }

    private async Task ReleaseAsync(BlobLeaseClient lease)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await lease.ReleaseAsync(cancellationToken: timeout.Token);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            // The lease runs out by itself; a survivor takes over within the recovery bound.
        }
    }

    private async Task RunScheduleAsync(CancellationToken held, CancellationToken stoppingToken)
    {
        DateTime? last = null;
        if (function.RunOnStartup)
        {
            await FireAsync(isPastDue: false, last, stoppingToken);
        }
        while (!held.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = _schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, clock, held);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var pastDue = clock.GetUtcNow().UtcDateTime - next > TimeSpan.FromSeconds(30);
            // A run already started finishes (the host does not cancel it either when the lease goes).
            await FireAsync(pastDue, last, stoppingToken);
            last = next;
        }
    }

    private async Task FireAsync(bool isPastDue, DateTime? last, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus { Last = last ?? DateTime.MinValue, Next = _schedule.GetNextOccurrence(now), LastUpdated = now },
        };
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await FunctionInvoker.InvokeAsync(scope.ServiceProvider, function, parameter =>
                parameter.ParameterType == typeof(TimerInfo) ? info
                : parameter.ParameterType == typeof(CancellationToken) ? stoppingToken
                : throw new InvalidOperationException($"Timer function '{function.Name}': cannot bind '{parameter.Name}'."));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogFailed(logger, function.Name, e.GetType().Name, e);
        }
    }

    private async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping or lost.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed with {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, string function, string exceptionType, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Singleton lock acquired for timer {Function}: this instance runs it")]
    private static partial void LogAcquired(ILogger logger, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Singleton lock lost for timer {Function}: it stops here until the lock is acquired again")]
    private static partial void LogLost(ILogger logger, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Singleton lock for timer {Function}: storage call failed with {ExceptionType}")]
    private static partial void LogLockError(ILogger logger, string function, string exceptionType);
}
