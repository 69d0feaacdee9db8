using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Core.Breach;

/// <summary>What one citizen's letter says beyond the campaign's text: from the dry run's access-log lookup and the registry's settings.</summary>
/// <param name="SeenBy">The parties that read the CV in the window (access-log party names); empty: no read; null: not looked up (no CV).</param>
/// <param name="SeenCategories">The data categories those reads held (from the logged field names).</param>
/// <param name="ComplaintUrl">Where the citizen can complain (Hub:Breach:Registries:{id}:ComplaintUrl).</param>
/// <param name="DpoContact">The registry's data protection officer (Hub:Breach:Registries:{id}:DpoContact).</param>
public sealed record BreachLetterContext(IReadOnlyList<string>? SeenBy, IReadOnlyList<string>? SeenCategories, string? ComplaintUrl, string? DpoContact)
{
    public static BreachLetterContext None { get; } = new(null, null, null, null);
}
