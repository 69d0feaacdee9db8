using System.Net;
using System.Text;
using IntegrationHub.Core.JobAds;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards;

/// <summary>
/// What every board adapter shares: its named HttpClient (with the resilience pipeline of
/// <see cref="BoardServiceCollectionExtensions"/>), and the mapping of a final HTTP answer to an outcome: 2xx done,
/// 5xx/408/429 transient (the short retries are spent), 401/403 a configuration fault (the board refused the hub's
/// credentials: the ads wait, the hub signals it), any other 4xx a permanent rejection with the board's reason.
/// </summary>
public abstract class BoardClientBase(IHttpClientFactory factory, IOptions<BoardOptions> options) : IBoardClient
{
    private const int MaxReasonLength = 500;

    public abstract string Board { get; }

    protected BoardEndpoint Endpoint => options.Value.For(Board);

    public TimeSpan StatusPollInterval => options.Value.StatusPollIntervalFor(Board);

    protected bool Configured => !string.IsNullOrEmpty(Endpoint.BaseUrl);

    protected BoardOutcome NotConfigured => BoardOutcome.Rejected($"board '{Board}' is not configured in this hub (Hub:Boards BaseUrl)");

    protected HttpClient Http()
    {
        var client = factory.CreateClient(BoardServiceCollectionExtensions.ClientName(Board));
        client.BaseAddress = new Uri(Endpoint.BaseUrl!.TrimEnd('/') + "/");
        return client;
    }

    public abstract Task<IReadOnlyList<BoardOutcome>> PublishAsync(IReadOnlyList<BoardPublication> items, CancellationToken cancellationToken);

    public abstract Task<BoardOutcome> WithdrawAsync(BoardWithdrawal item, CancellationToken cancellationToken);

    public virtual Task<BoardOutcome> CheckAsync(BoardWithdrawal item, CancellationToken cancellationToken) =>
        Task.FromResult(BoardOutcome.Accepted(item.BoardReference));

    /// <summary>Publishes one by one (boards that take no batches), a few at a time; a failed call is that item's transient outcome.</summary>
    protected static async Task<IReadOnlyList<BoardOutcome>> EachAsync(IReadOnlyList<BoardPublication> items, int concurrency,
        Func<BoardPublication, CancellationToken, Task<BoardOutcome>> publish, CancellationToken cancellationToken)
    {
        var outcomes = new BoardOutcome[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await Guard(() => publish(items[i], ct), ct));
        return outcomes;
    }

    /// <summary>Runs one call; a call that could not complete (after the short retries, or an open circuit) is transient.</summary>
    protected static async Task<BoardOutcome> Guard(Func<Task<BoardOutcome>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return BoardOutcome.Transient(e switch
            {
                HttpRequestException => "connection failed",
                Polly.CircuitBreaker.BrokenCircuitException => "circuit open",
                Polly.Timeout.TimeoutRejectedException or TaskCanceledException => "timed out",
                _ => e.GetType().Name,
            });
        }
    }

    /// <summary>The outcome of a final non-2xx answer.</summary>
    protected static async Task<BoardOutcome> Failure(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The board's body may echo the credential it refused (NAV's does): it is never kept.
            return BoardOutcome.Unauthorized($"HTTP {status}: the board refused the hub's credentials");
        }
        if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            return BoardOutcome.Transient($"HTTP {status} after retries");
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return BoardOutcome.Rejected($"HTTP {status}: {(body.Length > MaxReasonLength ? body[..MaxReasonLength] : body)}".TrimEnd(' ', ':'));
    }

    protected static StringContent Body(string content, string contentType) => new(content, Encoding.UTF8, contentType);
}
