using System.Net;
using System.Text;
using System.Text.Json;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards;

/// <summary>
/// NAV's import API: a page of ads in one POST (up to 100), a receipt per ad (DONE, RECEIVED, SKIPPED for an
/// unchanged payload, ERROR); stop with DELETE; a RECEIVED ad is checked later with GET.
/// </summary>
public sealed class NavBoardClient(IHttpClientFactory factory, IOptions<BoardOptions> options) : BoardClientBase(factory, options)
{
    public const int MaxBatch = 100;

    public override string Board => BoardIds.Nav;

    private string Transfers => $"api/v1/transfers/{Uri.EscapeDataString(Endpoint.Provider!)}";

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
        try
        {
            using var response = await Http().PostAsync(Transfers, Body(body.ToString(), "application/json"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await Failure(response, cancellationToken);
                return [.. items.Select(_ => failure)];
            }
            using var receipts = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var byReference = receipts.RootElement.EnumerateArray()
                .Where(r => r.TryGetProperty("reference", out _))
                .GroupBy(r => r.GetProperty("reference").GetString()!)
                .ToDictionary(g => g.Key, g => g.Last().Clone(), StringComparer.Ordinal);
            return [.. items.Select(item => byReference.TryGetValue(item.AdId, out var receipt)
                ? FromReceipt(receipt, item.AdId)
                : BoardOutcome.Transient("no receipt for the ad"))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return [.. items.Select(_ => BoardOutcome.Transient("unreadable receipts"))];
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var outcome = await Guard(() => throw e, cancellationToken);
            return [.. items.Select(_ => outcome)];
        }
    }

    private static BoardOutcome FromReceipt(JsonElement receipt, string reference)
    {
        var status = receipt.TryGetProperty("status", out var s) ? s.GetString() : null;
        var message = receipt.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return status switch
        {
            "DONE" or "SKIPPED" => BoardOutcome.Accepted(reference),
            "RECEIVED" => BoardOutcome.Sent(reference),
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
            using var response = await Http().DeleteAsync($"{Transfers}/{item.AdId}", cancellationToken);
            return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound
                ? BoardOutcome.Accepted(item.AdId)
                : await Failure(response, cancellationToken);
        }, cancellationToken);
    }

    public override async Task<BoardOutcome> CheckAsync(BoardWithdrawal item, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return NotConfigured;
        }
        return await Guard(async () =>
        {
            using var response = await Http().GetAsync($"{Transfers}/{item.AdId}", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return await Failure(response, cancellationToken);
            }
            using var receipt = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var outcome = FromReceipt(receipt.RootElement, item.AdId);
            return outcome.Kind == BoardOutcomeKind.Sent ? BoardOutcome.Transient("NAV is still processing the ad") : outcome;
        }, cancellationToken);
    }
}
