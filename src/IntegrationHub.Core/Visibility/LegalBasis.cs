namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Why showing a CV to employers is lawful (GDPR art. 6(1), https://eur-lex.europa.eu/eli/reg/2016/679/oj). Told to the
/// owning registry in its explanation, never to employers: it would tell them whether the citizen is in a target group.
/// </summary>
public enum LegalBasis
{
    /// <summary>Not shown to employers, so no basis is needed (or none holds).</summary>
    None,

    /// <summary>Art. 6(1)(a): the citizen consented to show the CV to employers.</summary>
    Consent,

    /// <summary>Art. 6(1)(e): a task in the public interest laid down in law, such as Denmark's search duty.</summary>
    PublicTask,
}
