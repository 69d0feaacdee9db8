namespace IntegrationHub.Core.Breach;

/// <summary>
/// The resource table of <see cref="BreachLetterPhrases"/> per letter language (the schema's $defs/language: nb, nn,
/// da, nl, en). A unit test holds every language to every data category, so a category added to the schema without its
/// words fails the build's tests, not a citizen's letter.
/// </summary>
public static class BreachLetterTexts
{
    /// <summary>The data categories of the campaign schema, in the order letters list them.</summary>
    public static IReadOnlyList<string> CategoryOrder { get; } =
        ["personal-details", "contact-details", "location", "cv-text", "work-experience", "education", "skills", "occupation", "benefit-status", "special-category"];

    public static IReadOnlyDictionary<string, BreachLetterPhrases> ByLanguage { get; } = new Dictionary<string, BreachLetterPhrases>(StringComparer.Ordinal)
    {
        ["nb"] = new()
        {
            SeenBy = "CV-en din ble sett av {0}.",
            NotSeen = "Ifølge loggen vår har ingen arbeidsgiver eller annen part utenfor tjenesten sett CV-en din i denne perioden.",
            And = "og",
            Categories = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["personal-details"] = "navnet ditt og andre personopplysninger",
                ["contact-details"] = "kontaktopplysningene dine (e-post og telefon)",
                ["location"] = "hvor du bor (kommune eller poststed)",
                ["cv-text"] = "friteksten i CV-en din, for eksempel sammendraget",
                ["work-experience"] = "arbeidserfaringen din",
                ["education"] = "utdanningen og kursene dine",
                ["skills"] = "ferdighetene og språkene dine",
                ["occupation"] = "yrket ditt og jobbene du søker",
                ["benefit-status"] = "at du mottok en ytelse",
                ["special-category"] = "sensitive opplysninger om deg, for eksempel om helse",
            },
        },
        ["nn"] = new()
        {
            SeenBy = "CV-en din vart sett av {0}.",
            NotSeen = "Ifølgje loggen vår har ingen arbeidsgjevar eller annan part utanfor tenesta sett CV-en din i denne perioden.",
            And = "og",
            Categories = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["personal-details"] = "namnet ditt og andre personopplysningar",
                ["contact-details"] = "kontaktopplysningane dine (e-post og telefon)",
                ["location"] = "kvar du bur (kommune eller poststad)",
                ["cv-text"] = "friteksten i CV-en din, til dømes samandraget",
                ["work-experience"] = "arbeidserfaringa di",
                ["education"] = "utdanninga og kursa dine",
                ["skills"] = "ferdigheitene og språka dine",
                ["occupation"] = "yrket ditt og jobbane du søkjer",
                ["benefit-status"] = "at du fekk ei yting",
                ["special-category"] = "sensitive opplysningar om deg, til dømes om helse",
            },
        },
        ["da"] = new()
        {
            SeenBy = "Dit CV blev set af {0}.",
            NotSeen = "Ifølge vores log har ingen arbejdsgiver eller anden part uden for tjenesten set dit CV i denne periode.",
            And = "og",
            Categories = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["personal-details"] = "dit navn og andre personoplysninger",
                ["contact-details"] = "dine kontaktoplysninger (e-mail og telefon)",
                ["location"] = "hvor du bor (kommune eller postnummer)",
                ["cv-text"] = "den frie tekst i dit CV, for eksempel din profiltekst",
                ["work-experience"] = "din erhvervserfaring",
                ["education"] = "din uddannelse og dine kurser",
                ["skills"] = "dine kompetencer og sprog",
                ["occupation"] = "dit fag og de job, du søger",
                ["benefit-status"] = "at du modtog en ydelse",
                ["special-category"] = "følsomme oplysninger om dig, for eksempel om helbred",
            },
        },
        ["nl"] = new()
        {
            SeenBy = "Uw cv is bekeken door {0}.",
            NotSeen = "Volgens ons logboek heeft geen werkgever of andere partij buiten de dienst uw cv in deze periode bekeken.",
            And = "en",
            Categories = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["personal-details"] = "uw naam en andere persoonsgegevens",
                ["contact-details"] = "uw contactgegevens (e-mailadres en telefoonnummer)",
                ["location"] = "waar u woont (gemeente of postcode)",
                ["cv-text"] = "de vrije tekst in uw cv, zoals uw samenvatting",
                ["work-experience"] = "uw werkervaring",
                ["education"] = "uw opleidingen en cursussen",
                ["skills"] = "uw vaardigheden en talen",
                ["occupation"] = "uw beroep en de banen die u zoekt",
                ["benefit-status"] = "dat u een uitkering ontving",
                ["special-category"] = "gevoelige gegevens over u, zoals over uw gezondheid",
            },
        },
        ["en"] = new()
        {
            SeenBy = "Your CV was seen by {0}.",
            NotSeen = "According to our log, no employer or other party outside the service saw your CV in this period.",
            And = "and",
            Categories = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["personal-details"] = "your name and other personal details",
                ["contact-details"] = "your contact details (e-mail and phone)",
                ["location"] = "where you live (municipality or postal area)",
                ["cv-text"] = "the free text of your CV, such as your summary",
                ["work-experience"] = "your work experience",
                ["education"] = "your education and courses",
                ["skills"] = "your skills and languages",
                ["occupation"] = "your occupation and the jobs you seek",
                ["benefit-status"] = "that you received a benefit",
                ["special-category"] = "sensitive information about you, such as about your health",
            },
        },
    };

    /// <summary>"a", "a and b", "a, b and c" in the language's words.</summary>
    public static string List(BreachLetterPhrases phrases, IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " " + phrases.And + " " + items[^1],
    };
}
