using System.ComponentModel.DataAnnotations;
using IntegrationHub.Core.Callers;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Access;

/// <summary>
/// Refuses to start with ceilings that contradict each other or overrides that name no party: a misspelt party id
/// would leave an agency at the defaults (suspended on its first busy day) and nobody would know why.
/// </summary>
public sealed class AccessOptionsValidator(IOptions<HubOptions> hub) : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var errors = new List<string>();
        CheckOrder(AccessOptions.Section, options.LimitsFor(null), errors);
        var parties = options.Overrides.Count == 0 ? null : Parties();
        foreach (var (party, own) in options.Overrides)
        {
            var prefix = $"{AccessOptions.Section}:Overrides:{party}";
            if (parties is not null && !parties.Contains(party))
            {
                errors.Add($"{prefix}: names no party; use the Id of a client binding (Hub:Clients:N:Id).");
            }
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(own, new ValidationContext(own), results, validateAllProperties: true))
            {
                errors.AddRange(results.Select(r => $"{prefix}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
                continue;
            }
            if (own.GetType().GetProperties().All(p => p.GetValue(own) is null))
            {
                errors.Add($"{prefix}: sets no limit (AccountPerMinute, AccountPerHour, UserPerMinute, UserPerHour, AccountDailyCeiling, AccountSevenDayCeiling, AccountThirtyDayCeiling).");
            }
            CheckOrder(prefix, options.LimitsFor(party), errors);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The configured parties; null when "Hub" is itself invalid (its own validation names that, once).</summary>
    private HashSet<string>? Parties()
    {
        try
        {
            return hub.Value.Clients.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    /// <summary>A day cannot allow more than the 7 days it is part of, nor 7 days more than the 30.</summary>
    private static void CheckOrder(string prefix, AccessLimits limits, List<string> errors)
    {
        if (limits.AccountSevenDayCeiling < limits.AccountDailyCeiling)
        {
            errors.Add($"{prefix}:AccountSevenDayCeiling ({limits.AccountSevenDayCeiling}) must be at least AccountDailyCeiling ({limits.AccountDailyCeiling}).");
        }
        if (limits.AccountThirtyDayCeiling < limits.AccountSevenDayCeiling)
        {
            errors.Add($"{prefix}:AccountThirtyDayCeiling ({limits.AccountThirtyDayCeiling}) must be at least AccountSevenDayCeiling ({limits.AccountSevenDayCeiling}).");
        }
    }
}
