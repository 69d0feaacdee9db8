using Azure.Core;
using Azure.Identity;
using IntegrationHub.Boards.Breach;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.JobAds;
using Microsoft.Extensions.Configuration;
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
    /// The three push boards' adapters (EURES pulls: ADR 0016), each with its own named HttpClient and resilience pipeline (so each board has its own
    /// circuit): total timeout, then retries (exponential backoff with jitter, Retry-After honoured), then the circuit
    /// breaker, then a timeout per attempt. Settings from "Hub:Boards:Resilience", validated at start.
    /// </summary>
    public static IServiceCollection AddHubBoards(this IServiceCollection services)
    {
        services.AddOptions<BoardOptions>().BindConfiguration(BoardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BoardOptions>, BoardOptionsValidator>();
        foreach (var board in BoardIds.Pushed)
        {
            services.AddHttpClient(ClientName(board), client => client.MaxResponseContentBufferSize = OutboundSafety.MaxBodyBytes)
                .ConfigurePrimaryHttpMessageHandler(() => OutboundSafety.PrimaryHandler())
                // Outermost, so it bounds the final answer's error body after the retries (issue 15).
                .AddHttpMessageHandler(() => new BoundedErrorBodyHandler())
                .AddResilienceHandler(ClientName(board), (pipeline, context) =>
                {
                    var r = context.ServiceProvider.GetRequiredService<IOptions<BoardOptions>>().Value.Resilience;
                    Core.Telemetry.HubMetrics.CircuitState(board, 0);
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
                            // Each attempt is its own HTTP client span; the retry itself is an event on the calling span (issue 17).
                            OnRetry = args =>
                            {
                                System.Diagnostics.Activity.Current?.AddEvent(new System.Diagnostics.ActivityEvent("retry", tags: new System.Diagnostics.ActivityTagsCollection
                                {
                                    ["retry.attempt"] = args.AttemptNumber + 1,
                                    ["http.response.status_code"] = (int?)args.Outcome.Result?.StatusCode,
                                    ["retry.delay_ms"] = args.RetryDelay.TotalMilliseconds,
                                }));
                                return ValueTask.CompletedTask;
                            },
                        })
                        .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                        {
                            FailureRatio = r.CircuitFailureRatio,
                            MinimumThroughput = r.CircuitMinimumThroughput,
                            SamplingDuration = TimeSpan.FromSeconds(r.CircuitSamplingSeconds),
                            BreakDuration = TimeSpan.FromSeconds(r.CircuitBreakSeconds),
                            // The circuit's state as a gauge per board (issue 17): 0 closed, 1 open, 2 half-open.
                            OnOpened = _ => { Core.Telemetry.HubMetrics.CircuitState(board, 1); return ValueTask.CompletedTask; },
                            OnClosed = _ => { Core.Telemetry.HubMetrics.CircuitState(board, 0); return ValueTask.CompletedTask; },
                            OnHalfOpened = _ => { Core.Telemetry.HubMetrics.CircuitState(board, 2); return ValueTask.CompletedTask; },
                        })
                        .AddTimeout(TimeSpan.FromSeconds(r.AttemptTimeoutSeconds));
                });
        }
        services.AddSingleton<IBoardClient, NavBoardClient>();
        services.AddSingleton<IBoardClient, JobnetBoardClient>();
        services.AddSingleton<IBoardClient, FinnBoardClient>();
        return services.AddHubRegistryDelivery();
    }

    /// <summary>
    /// The registries' breach-letter delivery endpoints ("Hub:Breach:Registries"): one HttpClient with short retries
    /// (exponential backoff with jitter, Retry-After honoured, 3 tries) inside a 30 s budget; the page's queue retries
    /// beyond that. Tokens come from the hub's managed identity (the identity of AzureWebJobsStorage).
    /// </summary>
    public static IServiceCollection AddHubRegistryDelivery(this IServiceCollection services)
    {
        services.AddOptions<BreachDeliveryOptions>().BindConfiguration(BreachDeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<BreachDeliveryOptions>, BreachDeliveryOptionsValidator>();
        services.AddKeyedSingleton<TokenCredential>(RegistryDeliveryClient.ClientName, (sp, _) =>
        {
            var section = sp.GetRequiredService<IConfiguration>().GetSection("AzureWebJobsStorage");
            var clientId = section["clientId"];
            return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
                ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential();
        });
        services.AddHttpClient(RegistryDeliveryClient.ClientName, client => client.MaxResponseContentBufferSize = OutboundSafety.MaxBodyBytes)
            // IHttpClientFactory's request logging writes Information and Trace records (and opens a scope) per letter; the
            // hub's log export keeps "System.Net.Http.HttpClient" from Warning only, so they were never seen (ADR 0053).
            // The attempt's span and http.client.request.duration still show each call.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => OutboundSafety.PrimaryHandler(maxConnectionsPerServer: 256))
            .AddHttpMessageHandler(() => new BoundedErrorBodyHandler())
            .AddResilienceHandler(RegistryDeliveryClient.ClientName, pipeline => pipeline
                .AddTimeout(TimeSpan.FromSeconds(30))
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    MaxDelay = TimeSpan.FromSeconds(2),
                    ShouldRetryAfterHeader = true,
                })
                .AddTimeout(TimeSpan.FromSeconds(10)));
        services.AddSingleton<IRegistryDelivery, RegistryDeliveryClient>();
        return services;
    }
}
