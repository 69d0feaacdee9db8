using System.Net;
using System.Text.Json;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards;

/// <summary>
/// Jobnet (STAR's job-ad service): one ad per call, each request with an <c>X-Request-Id</c>. STAR's services refuse a
/// repeated request id with 412: for the hub a repeat means the earlier attempt got through, so it is not a failure (the
/// ad's Jobnet id is then looked up by the hub's reference). A created or updated ad goes to approval at Jobnet before it
/// is published (STAR: AddJob/UpdateJob "sendes til godkendelse"), so the hub records "awaiting-approval" and follows the
/// ad (GET) until Jobnet approves (accepted) or refuses it (rejected). The routes and JSON are assumed: STAR publishes
/// no contract for outsiders (docs/boards/jobnet.md).
/// </summary>
public sealed class JobnetBoardClient(IHttpClientFactory factory, IOptions<BoardOptions> options) : BoardClientBase(factory, options)
{
    public const string RequestIdHeader = "X-Request-Id";

    private const int Concurrency = 8;

    public override string Board => BoardIds.Jobnet;

    public override Task<IReadOnlyList<BoardOutcome>> PublishAsync(IReadOnlyList<BoardPublication> items, CancellationToken cancellationToken) =>
        Configured
            ? EachAsync(items, Concurrency, PublishOneAsync, cancellationToken)
            : Task.FromResult<IReadOnlyList<BoardOutcome>>([.. items.Select(_ => NotConfigured)]);

    private async Task<BoardOutcome> PublishOneAsync(BoardPublication item, CancellationToken cancellationToken)
    {
        var http = Http();
        using var request = new HttpRequestMessage(item.BoardReference is null ? HttpMethod.Post : HttpMethod.Put,
            item.BoardReference is null ? "api/jobads" : $"api/jobads/{Uri.EscapeDataString(item.BoardReference)}")
        {
            Content = Body(item.Rendering.Content, "application/json"),
        };
        request.Headers.Add(RequestIdHeader, item.RequestId);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return BoardOutcome.AwaitingApproval(item.BoardReference ?? await FindAsync(http, item.AdId, cancellationToken));
        }
        if (!response.IsSuccessStatusCode)
        {
            return await Failure(response, cancellationToken);
        }
        return BoardOutcome.AwaitingApproval(item.BoardReference ?? await IdOf(response, cancellationToken));
    }

    /// <summary>Jobnet's state of the ad: approved and published, refused (with Jobnet's reason), or still in approval.</summary>
    public override async Task<BoardOutcome> CheckAsync(BoardWithdrawal item, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return NotConfigured;
        }
        return await Guard(async () =>
        {
            var http = Http();
            var id = item.BoardReference ?? await FindAsync(http, item.AdId, cancellationToken);
            if (id is null)
            {
                return BoardOutcome.Transient("Jobnet does not know the ad");
            }
            using var response = await http.GetAsync($"api/jobads/{Uri.EscapeDataString(id)}", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return await Failure(response, cancellationToken);
            }
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var status = body.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
            var reason = body.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return status switch
            {
                JobnetStatus.Published => BoardOutcome.Accepted(id, status),
                JobnetStatus.NotApproved => BoardOutcome.Rejected("Jobnet: " + (reason ?? "not approved"), status),
                JobnetStatus.PublicationEnd => BoardOutcome.Rejected("Jobnet: the publication has ended", status),
                _ => BoardOutcome.Waiting($"Jobnet: {status ?? "no status"}", status),
            };
        }, cancellationToken);
    }

    public override async Task<BoardOutcome> WithdrawAsync(BoardWithdrawal item, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return BoardOutcome.Accepted();
        }
        return await Guard(async () =>
        {
            var http = Http();
            var id = item.BoardReference ?? await FindAsync(http, item.AdId, cancellationToken);
            if (id is null)
            {
                return BoardOutcome.Accepted(); // Jobnet never took it.
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/jobads/{Uri.EscapeDataString(id)}/close");
            request.Headers.Add(RequestIdHeader, item.RequestId);
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed
                ? BoardOutcome.Accepted(id)
                : await Failure(response, cancellationToken);
        }, cancellationToken);
    }

    private static async Task<string?> FindAsync(HttpClient http, string adId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/jobads?externalReference={Uri.EscapeDataString(adId)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await IdOf(response, cancellationToken);
    }

    private static async Task<string?> IdOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return body.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
    }
}
