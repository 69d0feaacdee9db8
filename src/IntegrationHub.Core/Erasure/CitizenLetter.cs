using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Erasure;

/// <summary>A breach campaign that includes the citizen, as the citizen's copy names it.</summary>
/// <param name="Delivery">The letter's delivery; null while none is recorded ("not-sent").</param>
/// <param name="Hold">The campaign as a hold over the citizen's rows, for the copy's "expiry".</param>
public sealed record CitizenLetter(string CampaignId, string Title, string CampaignStatus, LetterDelivery? Delivery, LegalHold Hold);
