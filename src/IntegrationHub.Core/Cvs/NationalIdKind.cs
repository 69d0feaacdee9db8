namespace IntegrationHub.Core.Cvs;

public enum NationalIdKind
{
    /// <summary>Norwegian fødselsnummer, D-number or H-number (11 digits, two mod-11 check digits).</summary>
    NorwegianFodselsnummer,

    /// <summary>Danish CPR number (DDMMYY-SSSS).</summary>
    DanishCpr,

    /// <summary>Dutch burgerservicenummer (9 digits, 11-test).</summary>
    DutchBsn,
}
