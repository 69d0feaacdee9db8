using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace IntegrationHub.Boards;

public static class BoardServiceCollectionExtensions
{
    public static string ClientName(string board) => "board-" + board;

    /// <summary>
    /// The four board adapters, each with its own named HttpClient and resilience pipeline (so each board has its own
    /// circuit): total timeout, then retries (exponential backoff with jitter, Retry-After honoured), then the circuit
    /// breaker, then a timeout per attempt. Settings from "Hub:Boards:Resilience", validated at start.
    /// </summary>
    public static IServiceCollection AddHubBoards(this IServiceCollection services)
    {
        services.AddOptions<BoardOptions>().BindConfiguration(BoardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BoardOptions>, BoardOptionsValidator>();
        foreach (var board in BoardIds.All)
        {
            services.AddHttpClient(ClientName(board))
                .AddResilienceHandler(ClientName(board), (pipeline, context) =>
                {
                    var r = context.ServiceProvider.GetRequiredService<IOptions<BoardOptions>>().Value.Resilience;
                    pipeline
                        .AddTimeout(TimeSpan.FromSeconds(r.TotalTimeoutSeconds))
                        .AddRetry(new HttpRetryStrategyOptions
                        {
                            MaxRetryAttempts = Math.Max(1, r.MaxRetries),
                            ShouldHandle = r.MaxRetries == 0 ? _ => PredicateResult.False() : new HttpRetryStrategyOptions().ShouldHandle,
                            BackoffType = DelayBackoffType.Exponential,
                            UseJitter = true,
                            Delay = TimeSpan.FromMilliseconds(r.BaseDelayMilliseconds),
                            MaxDelay = TimeSpan.FromMilliseconds(r.MaxDelayMilliseconds),
                            ShouldRetryAfterHeader = true,
                        })
                        .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                        {
                            FailureRatio = r.CircuitFailureRatio,
                            MinimumThroughput = r.CircuitMinimumThroughput,
                            SamplingDuration = TimeSpan.FromSeconds(r.CircuitSamplingSeconds),
                            BreakDuration = TimeSpan.FromSeconds(r.CircuitBreakSeconds),
                        })
                        .AddTimeout(TimeSpan.FromSeconds(r.AttemptTimeoutSeconds));
                });
        }
        services.AddSingleton<IBoardClient, NavBoardClient>();
        services.AddSingleton<IBoardClient, JobnetBoardClient>();
        services.AddSingleton<IBoardClient, FinnBoardClient>();
        services.AddSingleton<IBoardClient, EuresBoardClient>();
        return services;
    }
}
