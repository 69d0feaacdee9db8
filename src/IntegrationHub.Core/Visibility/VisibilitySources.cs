namespace IntegrationHub.Core.Visibility;

/// <summary>The published material the rule rows cite (docs/visibility-rules.md quotes what each says).</summary>
public static class VisibilitySources
{
    /// <summary>GDPR art. 6(1)(a) consent and 6(1)(e) public task.</summary>
    public const string GdprArticle6 = "https://eur-lex.europa.eu/eli/reg/2016/679/oj (art. 6(1)(a), 6(1)(e))";

    /// <summary>NAV, 17 February 2021: no legal basis to show CVs of people under work-oriented follow-up; kode 6/7 never shown.</summary>
    public const string Nav2021 = "https://www.nav.no/no/person/arbeid/nav-har-gjort-din-cv-tilgjengelig-for-arbeidsgivere-pa-arbeidsplassen.no-uten-at-vi-har-hatt-lov-til-det/sporsmal-og-svar-om-stenging-av-tilgang-til-cv-er";

    /// <summary>NAV on reduced work capacity (AAP): those not ready for work are left out of employers' search.</summary>
    public const string NavReducedCapacity = "https://www.tv2.no/a/9057248/ (NAV's director quoted)";

    /// <summary>Jobnet: dagpenge and job-ready kontanthjælp recipients must keep a searchable CV; others agree it with the jobcentre.</summary>
    public const string JobnetSearchDuty = "https://info.jobnet.dk/jobsoeger/mit-cv-paa-jobnet/mit-cv-paa-jobnet/ and https://info.jobnet.dk/om-jobnet/politik-om-persondata/";

    /// <summary>Jobnet's inactivity timetable (12 weeks without login: not searchable).</summary>
    public const string JobnetInactivity = "https://info.jobnet.dk/jobsoeger/mit-cv-paa-jobnet/mit-cv-paa-jobnet/ (DOMAIN.md, Jobnet)";

    /// <summary>werk.nl: any citizen may publish, whatever the benefit; the ombudsman: a benefit must not depend on publishing.</summary>
    public const string WerkNl = "werk.nl FAQ (DOMAIN.md; assumed, the page was not found in the search corpus) and https://www.nationaleombudsman.nl/rapporten/2011/191";

    /// <summary>A fact not known yet never shows a CV (the hub's own rule).</summary>
    public const string UnknownHides = "assumed: the hub's rule that a missing fact never makes a CV more visible (docs/visibility-rules.md)";
}
