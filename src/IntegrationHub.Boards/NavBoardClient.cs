using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards;

/// <summary>
/// NAV's import API as navikt/pam-import-api serves it (transferlog/TransferController.kt, adadminstatus/
/// AdminStatusController.kt), every call with the provider's bearer token:
/// <list type="bullet">
/// <item><c>POST api/v1/transfers/batch/{providerId}</c>: up to 100 ads, ONE receipt (TransferLogDTO) for the batch;
/// one invalid ad fails the whole batch with 400. The renderer applies NAV's rules first; should NAV still refuse a
/// batch, its ads go once more through the stream route, which answers a receipt per ad, so only the bad one is rejected.</item>
/// <item><c>GET api/v1/adminstatus/{providerId}/{reference}</c>: 404 until NAV processed the ad, then status and
/// publishStatus; the hub follows the ad until ACTIVE (accepted) or REJECTED (rejected, with NAV's reason).</item>
/// <item><c>DELETE api/v1/transfers/{providerId}/{reference}</c>: stops the ad (publishStatus STOPPED).</item>
/// </list>
/// BaseUrl ends with <c>/stillingsimport</c>.
/// </summary>
public sealed class NavBoardClient(IHttpClientFactory factory, IOptions<BoardOptions> options) : BoardClientBase(factory, options)
{
    /// <summary>pam-import-api's batch limit (TransferController: ads.size &gt; adsSize, 100 in application.yml).</summary>
    public const int MaxBatch = 100;

    public const string StreamMediaType = "application/x-json-stream";

    public override string Board => BoardIds.Nav;

    private string Provider => Uri.EscapeDataString(Endpoint.Provider!);

    public override async Task<IReadOnlyList<BoardOutcome>> PublishAsync(IReadOnlyList<BoardPublication> items, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return [.. items.Select(_ => NotConfigured)];
        }
        var outcomes = new List<BoardOutcome>(items.Count);
        foreach (var chunk in items.Chunk(MaxBatch))
        {
            outcomes.AddRange(await BatchAsync(chunk, cancellationToken));
        }
        return outcomes;
    }

    private async Task<IReadOnlyList<BoardOutcome>> BatchAsync(BoardPublication[] items, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("[");
        for (var i = 0; i < items.Length; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(items[i].Rendering.Content);
        }
        body.Append(']');
        var batchRefused = false;
        var outcome = await Guard(async () =>
        {
            using var response = await SendAsync(HttpMethod.Post, $"api/v1/transfers/batch/{Provider}", Body(body.ToString(), "application/json"), cancellationToken);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                batchRefused = true; // One ad NAV refuses sank the batch: the stream route finds which.
                return BoardOutcome.Transient("NAV refused the batch");
            }
            if (!response.IsSuccessStatusCode)
            {
                return await Failure(response, cancellationToken);
            }
            using var receipt = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            return FromReceipt(receipt.RootElement);
        }, cancellationToken);
        return batchRefused
            ? await StreamAsync(items, cancellationToken)
            : [.. items.Select(item => outcome.Kind == BoardOutcomeKind.Sent ? outcome with { BoardReference = item.AdId } : outcome)];
    }

    /// <summary>The stream route: the ads one after another, a receipt per ad in the same order, always HTTP 200.</summary>
    private async Task<IReadOnlyList<BoardOutcome>> StreamAsync(BoardPublication[] items, CancellationToken cancellationToken)
    {
        var outcomes = new BoardOutcome[items.Length];
        Array.Fill(outcomes, BoardOutcome.Transient("no receipt for the ad on NAV's stream route"));
        var failure = await Guard(async () =>
        {
            var body = string.Concat(items.Select(i => i.Rendering.Content));
            using var response = await SendAsync(HttpMethod.Post, $"api/v1/transfers/{Provider}", Body(body, StreamMediaType), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return await Failure(response, cancellationToken);
            }
            var receipts = ReadStream(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            for (var i = 0; i < Math.Min(receipts.Count, items.Length); i++)
            {
                var outcome = FromReceipt(receipts[i].RootElement);
                outcomes[i] = outcome.Kind == BoardOutcomeKind.Sent ? outcome with { BoardReference = items[i].AdId } : outcome;
                receipts[i].Dispose();
            }
            return BoardOutcome.Accepted();
        }, cancellationToken);
        return failure.Kind == BoardOutcomeKind.Accepted ? outcomes : [.. items.Select(_ => failure)];
    }

    private static List<JsonDocument> ReadStream(byte[] content)
    {
        var documents = new List<JsonDocument>();
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            documents.Add(JsonDocument.ParseValue(ref reader));
        }
        return documents;
    }

    /// <summary>A TransferLogDTO: RECEIVED, DONE (the transfer was taken in) or SKIPPED (NAV already holds this content) mean NAV decides later.</summary>
    private static BoardOutcome FromReceipt(JsonElement receipt)
    {
        var status = receipt.TryGetProperty("status", out var s) ? s.GetString() : null;
        var message = receipt.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return status switch
        {
            "RECEIVED" or "DONE" or "SKIPPED" => BoardOutcome.Sent(),
            "ERROR" => BoardOutcome.Rejected("NAV: " + (message ?? "ERROR")),
            _ => BoardOutcome.Transient($"unexpected receipt status '{status}'"),
        };
    }

    public override async Task<BoardOutcome> WithdrawAsync(BoardWithdrawal item, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return BoardOutcome.Accepted();
        }
        return await Guard(async () =>
        {
            using var response = await SendAsync(HttpMethod.Delete, $"api/v1/transfers/{Provider}/{Uri.EscapeDataString(item.AdId)}", null, cancellationToken);
            return response.IsSuccessStatusCode ? BoardOutcome.Accepted(item.BoardReference, "STOPPED")
                : response.StatusCode == HttpStatusCode.NotFound ? BoardOutcome.Accepted(item.BoardReference) // NAV never held it.
                : await Failure(response, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>NAV's admin status (AdAdminStatusDTO): 404 until processed; ACTIVE accepted; REJECTED with NAV's reason.</summary>
    public override async Task<BoardOutcome> CheckAsync(BoardWithdrawal item, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return NotConfigured;
        }
        return await Guard(async () =>
        {
            using var response = await SendAsync(HttpMethod.Get, $"api/v1/adminstatus/{Provider}/{Uri.EscapeDataString(item.AdId)}", null, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return BoardOutcome.Waiting("NAV has not processed the ad yet");
            }
            if (!response.IsSuccessStatusCode)
            {
                return await Failure(response, cancellationToken);
            }
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var root = answer.RootElement;
            var publishStatus = Text(root, "publishStatus");
            var message = Text(root, "message");
            return publishStatus switch
            {
                // The hub keeps NAV's key, provider + reference (the hub's ad id): every NAV route takes it.
                "ACTIVE" => BoardOutcome.Accepted(item.BoardReference ?? item.AdId, publishStatus),
                "REJECTED" => BoardOutcome.Rejected("NAV: " + (message ?? "REJECTED"), publishStatus),
                "STOPPED" or "DELETED" => BoardOutcome.Rejected($"NAV: the ad is {publishStatus} at NAV", publishStatus),
                _ => BoardOutcome.Waiting($"NAV: status {Text(root, "status")}, publishStatus {publishStatus}", publishStatus),
            };
        }, cancellationToken);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Endpoint.Token);
        return await Http().SendAsync(request, cancellationToken);
    }
}
