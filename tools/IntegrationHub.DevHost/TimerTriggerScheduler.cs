using IntegrationHub.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace IntegrationHub.DevHost;

/// <summary>Fires one timer-triggered function on its six-field CRON schedule; a failure is logged and the next occurrence still fires.</summary>
internal sealed partial class TimerTriggerScheduler(HubFunction function, IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    private readonly CrontabSchedule _schedule = Parse(function);

    public string FunctionName => function.Name;

    private static CrontabSchedule Parse(HubFunction function)
    {
        var fields = function.Schedule!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.Parse(function.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTime? last = null;
        if (function.RunOnStartup)
        {
            await FireAsync(isPastDue: false, last, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = _schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var pastDue = clock.GetUtcNow().UtcDateTime - next > TimeSpan.FromSeconds(30);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed with {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, string function, string exceptionType, Exception exception);
}
