using System.Globalization;
using System.Text.Json.Nodes;

namespace IntegrationHub.DevHost.Demo;

/// <summary>
/// Synthetic, reproducible demo people for three registries (NAV in Norway, Jobnet in Denmark, werk.nl in the
/// Netherlands), each in the registry's language. Names are drawn from lists of common given and family names and
/// combined at random; streets are invented; e-mail addresses use the reserved example.com domain; phone numbers are
/// left out. No CV carries a national ID number (the hub's scanner refuses them in CV text). The same seed gives the
/// same people, so a second run posts the same CVs and events, which the hub answers as unchanged and duplicate.
/// </summary>
public static class DemoData
{
    public sealed record Registry(string Id, string Client, string Jurisdiction, string Language, string CitizenPrefix, string Country,
        string[] GivenNames, string[] FamilyNames, string[] Streets, (string Municipality, string Code, string Postal, string County)[] Places,
        (string Isco, string Label)[] Occupations, string[] Summaries);

    public static readonly Registry[] Registries =
    [
        new("nav", "dev-registry-nav", "NO", "nb", "demo-nav-person:", "NO",
            ["Ingrid", "Kari", "Nora", "Emma", "Sofie", "Ola", "Lars", "Jonas", "Magnus", "Henrik", "Sindre", "Ida", "Marte", "Eirik", "Håkon"],
            ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Berg", "Haugen"],
            ["Demoveien", "Prøvegata", "Eksempelvegen", "Fiktivgata", "Tenkeveien"],
            [("Oslo", "0301", "0150", "Oslo"), ("Bergen", "4601", "5003", "Vestland"), ("Trondheim", "5001", "7030", "Trøndelag"), ("Stavanger", "1103", "4006", "Rogaland"), ("Tromsø", "5501", "9008", "Troms")],
            [("5321", "Helsefagarbeider"), ("2221", "Sykepleier"), ("7411", "Elektriker"), ("4110", "Kontormedarbeider"), ("5223", "Butikkmedarbeider"), ("8332", "Lastebilsjåfør"), ("2512", "Programvareutvikler"), ("5120", "Kokk")],
            ["Erfaren og løsningsorientert, trives i team og med ansvar.", "Ønsker fast stilling nær hjemmet, gjerne med mulighet for videreutdanning.", "Nyutdannet og motivert, lærer raskt og møter presis."]),
        new("jobnet", "dev-registry-jobnet", "DK", "da", "demo-jobnet-borger:", "DK",
            ["Mette", "Anne", "Freja", "Ida", "Mads", "Frederik", "Rasmus", "Emil", "Søren", "Jens", "Line", "Camilla"],
            ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Madsen"],
            ["Demovej", "Prøvegade", "Eksempelallé", "Opdigtet Stræde"],
            [("København", "101", "1050", "Region Hovedstaden"), ("Aarhus", "751", "8000", "Region Midtjylland"), ("Odense", "461", "5000", "Region Syddanmark"), ("Aalborg", "851", "9000", "Region Nordjylland")],
            [("5321", "Social- og sundhedshjælper"), ("2221", "Sygeplejerske"), ("7411", "Elektriker"), ("4110", "Kontorassistent"), ("5223", "Butiksassistent"), ("8332", "Lastbilchauffør"), ("2512", "Softwareudvikler")],
            ["Erfaren og pålidelig, god til samarbejde og kundekontakt.", "Søger fast job tæt på bopælen, gerne med efteruddannelse.", "Nyuddannet og motiveret, lærer hurtigt."]),
        new("werk", "dev-registry-werk", "NL", "nl", "demo-uwv-klant:", "NL",
            ["Sanne", "Lotte", "Emma", "Julia", "Daan", "Sem", "Lucas", "Bram", "Thijs", "Noor", "Fleur", "Ruben"],
            ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"],
            ["Demostraat", "Proeflaan", "Voorbeeldweg", "Verzonnen Gracht"],
            [("Amsterdam", "0363", "1011", "Noord-Holland"), ("Rotterdam", "0599", "3011", "Zuid-Holland"), ("Utrecht", "0344", "3511", "Utrecht"), ("Eindhoven", "0772", "5611", "Noord-Brabant")],
            [("5321", "Verzorgende"), ("2221", "Verpleegkundige"), ("7411", "Elektricien"), ("4110", "Administratief medewerker"), ("5223", "Winkelmedewerker"), ("8332", "Vrachtwagenchauffeur"), ("2512", "Softwareontwikkelaar")],
            ["Ervaren en betrouwbaar, werkt graag in een team.", "Zoekt een vaste baan dicht bij huis, met ruimte om te leren.", "Net afgestudeerd en gemotiveerd, leert snel."]),
    ];

    /// <summary>The status every demo citizen is given, so that together they cover each rule of the jurisdiction.</summary>
    public enum Situation { Visible, NoConsent, WorkOrientedBenefit, ReducedCapacity, ReducedCapacityAgreed, ProtectedAddress, Inactive, SearchDuty, Anonymous }

    public static Situation SituationOf(Registry registry, int index)
    {
        // One in ten follows a rule that hides the CV or changes how it shows; the rest are plainly visible.
        Situation[] special = registry.Jurisdiction switch
        {
            "NO" => [Situation.NoConsent, Situation.WorkOrientedBenefit, Situation.ReducedCapacity, Situation.ReducedCapacityAgreed, Situation.ProtectedAddress, Situation.Inactive, Situation.Anonymous],
            "DK" => [Situation.NoConsent, Situation.SearchDuty, Situation.ProtectedAddress, Situation.Inactive, Situation.Anonymous],
            _ => [Situation.NoConsent, Situation.ProtectedAddress, Situation.Inactive, Situation.Anonymous],
        };
        return index % 3 == 0 ? special[index / 3 % special.Length] : Situation.Visible;
    }

    public static string CitizenId(Registry registry, int index) => registry.CitizenPrefix + index.ToString("D5", CultureInfo.InvariantCulture);

    /// <param name="anchor">The demo's reference day (the first of the current month): runs within a month post identical CVs.</param>
    public static JsonObject Cv(Registry registry, int index, DateTimeOffset anchor)
    {
        // A fixed seed per person (string hash codes differ per process, so none is used here).
        var random = new Random((Array.IndexOf(Registries, registry) * 100_003) + index);
        string Pick(string[] list) => list[random.Next(list.Length)];
        var given = Pick(registry.GivenNames);
        var family = Pick(registry.FamilyNames);
        var place = registry.Places[random.Next(registry.Places.Length)];
        var occupation = registry.Occupations[random.Next(registry.Occupations.Length)];
        var situation = SituationOf(registry, index);
        var lastActivity = situation == Situation.Inactive ? anchor.AddDays(-400 - random.Next(200)) : anchor.AddDays(-random.Next(1, 60));
        var mailName = new string([.. (given + "." + family).ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or '.')]);
        var experience = new JsonArray();
        for (var job = 0; job < 1 + random.Next(3); job++)
        {
            var from = new DateOnly(2024 - (job * 4) - random.Next(3), 1 + random.Next(12), 1);
            var entry = new JsonObject
            {
                ["employer"] = $"{Pick(registry.FamilyNames)} {(registry.Jurisdiction == "NL" ? "B.V." : "AS")}",
                ["title"] = registry.Occupations[random.Next(registry.Occupations.Length)].Label,
                ["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            if (job > 0)
            {
                entry["to"] = from.AddYears(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            experience.Add(entry);
        }
        return new JsonObject
        {
            ["externalId"] = $"demo:{registry.Id}:cv:{index:D5}",
            ["citizenId"] = CitizenId(registry, index),
            ["language"] = registry.Language,
            ["personalDetails"] = new JsonObject
            {
                ["givenName"] = given,
                ["familyName"] = family,
                ["email"] = $"{mailName}.{index}@example.com",
                ["address"] = new JsonObject
                {
                    ["street"] = $"{Pick(registry.Streets)} {1 + random.Next(120)}",
                    ["postalCode"] = place.Postal,
                    ["city"] = place.Municipality,
                    ["municipality"] = place.Municipality,
                    ["municipalityCode"] = place.Code,
                    ["country"] = registry.Country,
                },
                ["dateOfBirth"] = new DateOnly(1960 + random.Next(45), 1 + random.Next(12), 1 + random.Next(28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            ["summary"] = Pick(registry.Summaries),
            ["workExperience"] = experience,
            ["jobsSought"] = new JsonArray(new JsonObject
            {
                ["occupation"] = new JsonObject { ["isco08"] = occupation.Isco, ["label"] = occupation.Label },
                ["places"] = new JsonArray(new JsonObject { ["municipality"] = place.Municipality, ["municipalityCode"] = place.Code, ["county"] = place.County, ["country"] = registry.Country }),
            }),
            ["publication"] = situation == Situation.Anonymous ? "anonymous" : "open",
            ["lastCitizenActivityAt"] = lastActivity.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The registry's status snapshot for the citizen: every fact its jurisdiction decides on.</summary>
    public static JsonObject Snapshot(Registry registry, int index, DateTimeOffset at)
    {
        var situation = SituationOf(registry, index);
        var data = new JsonObject
        {
            ["consentToEmployers"] = situation is not (Situation.NoConsent or Situation.SearchDuty),
            ["protectedAddress"] = situation == Situation.ProtectedAddress,
        };
        switch (registry.Jurisdiction)
        {
            case "NO":
                data["workOrientedBenefit"] = situation == Situation.WorkOrientedBenefit;
                data["reducedWorkCapacityBenefit"] = situation is Situation.ReducedCapacity or Situation.ReducedCapacityAgreed;
                data["agreedToShowDespiteReducedCapacity"] = situation == Situation.ReducedCapacityAgreed;
                data["jobReady"] = true;
                break;
            case "DK":
                data["searchDuty"] = situation == Situation.SearchDuty;
                break;
        }
        return new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = $"demo:{registry.Id}:snapshot:{index:D5}",
            ["source"] = $"urn:integrationhub:demo:{registry.Id}",
            ["type"] = "org.integrationhub.citizen.status.snapshot",
            ["subject"] = CitizenId(registry, index),
            ["time"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = data,
        };
    }
}
