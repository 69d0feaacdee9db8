using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>Who is affected. The uploaded citizen list is stored apart from the campaign (it may be long) and is not part of this record.</summary>
public sealed record BreachSelector
{
    [AllowedValues(BreachSelectorKinds.AccessLog, BreachSelectorKinds.Exposure, BreachSelectorKinds.Citizens)]
    public required string Kind { get; init; }

    /// <summary>access-log: the party as the access log names it ("employer:acme").</summary>
    public string? Party { get; init; }

    /// <summary>exposure and citizens: the registry.</summary>
    public string? Registry { get; init; }

    /// <summary>exposure: the fact that had to hold (query-string spelling), or null for every exposure.</summary>
    public string? Fact { get; init; }

    /// <summary>citizens: how many ids were uploaded.</summary>
    public int? CitizenCount { get; init; }
}
