using System.Net;
using System.Xml.Linq;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards;

/// <summary>Finn.no: one XML document per ad, PUT under the hub's ad id (so a repeat replaces, never duplicates); DELETE to withdraw.</summary>
public sealed class FinnBoardClient(IHttpClientFactory factory, IOptions<BoardOptions> options) : BoardClientBase(factory, options)
{
    private const int Concurrency = 8;

    public override string Board => BoardIds.Finn;

    public override Task<IReadOnlyList<BoardOutcome>> PublishAsync(IReadOnlyList<BoardPublication> items, CancellationToken cancellationToken) =>
        Configured
            ? EachAsync(items, Concurrency, PublishOneAsync, cancellationToken)
            : Task.FromResult<IReadOnlyList<BoardOutcome>>([.. items.Select(_ => NotConfigured)]);

    private async Task<BoardOutcome> PublishOneAsync(BoardPublication item, CancellationToken cancellationToken)
    {
        using var response = await Http().PutAsync($"api/ads/{item.AdId}", Body(item.Rendering.Content, "application/xml"), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return await Failure(response, cancellationToken);
        }
        // The receipt names Finn's own code for the ad: <Receipt><FinnCode>...</FinnCode></Receipt>.
        var receipt = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return BoardOutcome.Accepted(receipt.Root?.Element("FinnCode")?.Value ?? item.BoardReference);
    }

    public override async Task<BoardOutcome> WithdrawAsync(BoardWithdrawal item, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return BoardOutcome.Accepted();
        }
        return await Guard(async () =>
        {
            using var response = await Http().DeleteAsync($"api/ads/{item.AdId}", cancellationToken);
            return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound
                ? BoardOutcome.Accepted(item.BoardReference)
                : await Failure(response, cancellationToken);
        }, cancellationToken);
    }
}
