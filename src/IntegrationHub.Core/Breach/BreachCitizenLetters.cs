using IntegrationHub.Core.Erasure;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Breach's answer to Erasure's <see cref="ICitizenLetters"/> (the citizen's copy): every campaign whose audience or
/// uploaded list holds the citizen, with the first row of the citizen's delivery ledger, and the campaign as a hold
/// (<see cref="BreachLegalHolds.HoldOf"/>).
/// </summary>
public sealed class BreachCitizenLetters(IBreachStore breaches, IBreachDeliveryStore deliveries) : ICitizenLetters
{
    public async Task<IReadOnlyList<CitizenLetter>> OfCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var letters = new List<CitizenLetter>();
        foreach (var campaign in await breaches.ListAsync(cancellationToken))
        {
            if (!await breaches.HoldsCitizenAsync(campaign.Id, registry, citizenId, cancellationToken))
            {
                continue;
            }
            var rows = await deliveries.LedgerOfCitizenAsync(campaign.Id, registry, citizenId, cancellationToken);
            var row = rows.Count > 0 ? rows[0] : null;
            letters.Add(new CitizenLetter(campaign.Id, campaign.Title, campaign.Status,
                row is null ? null : new LetterDelivery(row.Status, row.Channel, row.Language, row.Attempts, row.At),
                BreachLegalHolds.HoldOf(campaign)));
        }
        return letters;
    }
}
