namespace IntegrationHub.Core.JobAds.Eures;

/// <summary>
/// NUTS codes for a job's location (EURES' <c>CountrySubDivisionCode</c>) and the countries whose vacancies EURES takes.
/// </summary>
public static class NutsRegions
{
    /// <summary>
    /// Norwegian counties (fylker) -> NUTS 3, exactly as NAV's export maps them
    /// (navikt/pam-eures-stilling-eksport, euresapi/PositionLocationConverter.kt, countyToCountrySubDivisionCode).
    /// </summary>
    private static readonly Dictionary<string, string> NorwegianCounties = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Innlandet"] = "NO020",
        ["Trøndelag"] = "NO060",
        ["Nordland"] = "NO071",
        ["Troms"] = "NO072",
        ["Finnmark"] = "NO073",
        ["Oslo"] = "NO081",
        ["Østfold"] = "NO083",
        ["Akershus"] = "NO084",
        ["Buskerud"] = "NO085",
        ["Agder"] = "NO092",
        ["Vestfold"] = "NO093",
        ["Telemark"] = "NO094",
        ["Rogaland"] = "NO0A1",
        ["Vestland"] = "NO0A2",
        ["Møre og Romsdal"] = "NO0A3",
        ["Jan Mayen"] = "NO0B1",
        ["Svalbard"] = "NO0B2",
    };

    /// <summary>The EURES countries: the EU member states, the other EEA states (Iceland, Liechtenstein, Norway) and Switzerland.</summary>
    private static readonly HashSet<string> EuresCountries =
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
        "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH",
    ];

    public static bool IsEuresCountry(string country) => EuresCountries.Contains(country);

    /// <summary>
    /// The most precise NUTS code the location gives: a Norwegian county's NUTS 3 code (NAV's table); otherwise the
    /// country's NUTS 0 code (assumed: the hub has no region table for other countries yet, and NAV's export leaves the
    /// element out where it knows only the country; see docs/boards/eures.md). Null outside the EURES countries.
    /// </summary>
    public static string? Of(string country, string? county)
    {
        if (country == "NO" && county is not null && NorwegianCounties.TryGetValue(county.Trim(), out var nuts))
        {
            return nuts;
        }
        // NUTS writes Greece as EL where ISO 3166 writes GR.
        return IsEuresCountry(country) ? (country == "GR" ? "EL" : country) : null;
    }
}
