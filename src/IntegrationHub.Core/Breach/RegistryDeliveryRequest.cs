using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>What the hub POSTs to a registry's delivery endpoint (contracts/schemas/breach-delivery-request.schema.json).</summary>
public sealed record RegistryDeliveryRequest
{
    public required string CampaignId { get; init; }
    public required string CitizenId { get; init; }

    /// <summary><c>{campaignId}:{citizenId}</c>, also sent as the <c>Idempotency-Key</c> header.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary><c>secure</c> for protected or unknown status (only the registry's secure channel); otherwise <c>default</c> (the registry's default channel).</summary>
    public required string Channel { get; init; }

    /// <summary>With <c>default</c>: the campaign's channel policy, in order of preference; the registry decides. Empty with <c>secure</c>.</summary>
    public required IReadOnlyList<string> PreferredChannels { get; init; }
    public required string Language { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }

    public static string KeyOf(string campaignId, string citizenId) => campaignId + ":" + citizenId;

    /// <summary>
    /// One citizen's letter as posted: <c>secure</c> stays secure with no preferred channels; any other channel is the
    /// registry's default, with the campaign's channel policy.
    /// </summary>
    public static RegistryDeliveryRequest For(BreachCampaign campaign, string citizenId, string channel, string language, BreachLetter letter) => new()
    {
        CampaignId = campaign.Id,
        CitizenId = citizenId,
        IdempotencyKey = KeyOf(campaign.Id, citizenId),
        Channel = channel == BreachChannels.Secure ? BreachChannels.Secure : BreachChannels.Default,
        PreferredChannels = channel == BreachChannels.Secure ? [] : campaign.ChannelPolicy.Channels,
        Language = language,
        Subject = letter.Subject,
        Body = letter.Body,
    };
}
