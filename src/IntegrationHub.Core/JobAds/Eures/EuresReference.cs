using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.JobAds.Eures;

/// <summary>
/// The reference EURES sees for an ad: <c>{client}.{adId}</c>. The client names the table partition that holds the ad,
/// so getDetails reads each ad with point reads instead of searching every recruitment system's ads.
/// </summary>
public static class EuresReference
{
    private const int AdIdLength = 26;

    public static string Of(string client, string adId) => $"{client}.{adId}";

    public static bool TryParse(string? reference, out string client, out string adId)
    {
        client = adId = "";
        if (reference is null || reference.Length < AdIdLength + 2 || reference[^(AdIdLength + 1)] != '.')
        {
            return false;
        }
        adId = reference[^AdIdLength..];
        client = reference[..^(AdIdLength + 1)];
        return HubIds.IsRandomId(adId);
    }
}
