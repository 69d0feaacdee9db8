using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Retention;

/// <summary>
/// Refuses to start with a jurisdiction override that names no jurisdiction (a misspelt "dk" would leave Denmark at the
/// defaults without anyone noticing) or sets a period out of range.
/// </summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "NO", "DK", "NL" };

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var errors = new List<string>();
        foreach (var (jurisdiction, own) in options.Jurisdictions)
        {
            var prefix = $"{RetentionOptions.Section}:Jurisdictions:{jurisdiction}";
            if (!Known.Contains(jurisdiction))
            {
                errors.Add($"{prefix}: names no jurisdiction; use NO, DK or NL (as Hub:Registries:<id>:Jurisdiction).");
            }
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(own, new ValidationContext(own), results, validateAllProperties: true))
            {
                errors.AddRange(results.Select(r => $"{prefix}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
