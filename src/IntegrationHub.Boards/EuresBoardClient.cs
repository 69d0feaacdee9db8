using System.Net;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards;

/// <summary>EURES: an HR-XML 3 PositionOpening per ad, PUT under the hub's ad id; DELETE to withdraw.</summary>
public sealed class EuresBoardClient(IHttpClientFactory factory, IOptions<BoardOptions> options) : BoardClientBase(factory, options)
{
    private const int Concurrency = 8;

    public override string Board => BoardIds.Eures;

    public override Task<IReadOnlyList<BoardOutcome>> PublishAsync(IReadOnlyList<BoardPublication> items, CancellationToken cancellationToken) =>
        Configured
            ? EachAsync(items, Concurrency, PublishOneAsync, cancellationToken)
            : Task.FromResult<IReadOnlyList<BoardOutcome>>([.. items.Select(_ => NotConfigured)]);

    private async Task<BoardOutcome> PublishOneAsync(BoardPublication item, CancellationToken cancellationToken)
    {
        using var response = await Http().PutAsync($"api/position-openings/{item.AdId}", Body(item.Rendering.Content, "application/xml"), cancellationToken);
        return response.IsSuccessStatusCode ? BoardOutcome.Accepted(item.AdId) : await Failure(response, cancellationToken);
    }

    public override async Task<BoardOutcome> WithdrawAsync(BoardWithdrawal item, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return BoardOutcome.Accepted();
        }
        return await Guard(async () =>
        {
            using var response = await Http().DeleteAsync($"api/position-openings/{item.AdId}", cancellationToken);
            return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound
                ? BoardOutcome.Accepted(item.AdId)
                : await Failure(response, cancellationToken);
        }, cancellationToken);
    }
}
