using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>A registry's delivery endpoint. Section "Hub:Breach:Registries:{registryId}".</summary>
public sealed class RegistryDeliveryEndpoint
{
    /// <summary>Absolute http(s) URL the hub POSTs letters to.</summary>
    public string? DeliveryUrl { get; set; }

    /// <summary>Entra audience (app id URI) of the endpoint: the hub asks its managed identity for a token for "{Audience}/.default". Empty: no token (loopback fakes only).</summary>
    public string? Audience { get; set; }

    /// <summary>Letters per minute per channel the registry's support can take ("secure" -> 500); the lower of this and the campaign's rate applies.</summary>
    public Dictionary<string, int> ChannelRates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where the registry's citizens complain (absolute https URL); the letters' <c>{{complaint}}</c>. Required with <see cref="DeliveryUrl"/>.</summary>
    public string? ComplaintUrl { get; set; }

    /// <summary>How to reach the registry's data protection officer (GDPR art. 34(2) with 33(3)(b)); the letters' <c>{{dpo}}</c>. Required with <see cref="DeliveryUrl"/>.</summary>
    public string? DpoContact { get; set; }
}
