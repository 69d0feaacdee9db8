using IntegrationHub.Core.Breach;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards.Breach;

/// <summary>
/// Refuses to start with a registry delivery endpoint that is not an absolute http(s) URL, a channel rate below 1, a
/// complaint route that is not an absolute https URL, a blank DPO contact, or a delivery endpoint without both.
/// </summary>
/// <remarks>
/// The delivery endpoint must be https outside Development: letters and the hub's bearer tokens travel on it (issue 15).
/// Without a host environment (a bare service collection) the rule outside Development holds.
/// </remarks>
public sealed class BreachDeliveryOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<BreachDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, BreachDeliveryOptions options)
    {
        var errors = new List<string>();
        foreach (var (registry, endpoint) in options.Registries)
        {
            var setting = $"Hub:Breach:Registries:{registry}";
            if (endpoint.DeliveryUrl is { Length: > 0 } url && OutboundSafety.CheckUrl($"{setting}:DeliveryUrl", url, environment) is { } refused)
            {
                errors.Add(refused);
            }
            if (endpoint.Audience is { Length: > 0 } audience && !Uri.TryCreate(audience, UriKind.Absolute, out _) && !Guid.TryParse(audience, out _))
            {
                errors.Add($"{setting}:Audience must be the endpoint's app id URI or client id.");
            }
            // Every letter must say how to complain and how to reach the DPO (GDPR art. 34(2) with 33(3)(b), art. 77):
            // a registry that receives letters has both.
            if (endpoint.ComplaintUrl is { Length: > 0 } complaint)
            {
                if (!Uri.TryCreate(complaint, UriKind.Absolute, out var page) || page.Scheme != "https")
                {
                    errors.Add($"{setting}:ComplaintUrl must be an absolute https URL.");
                }
            }
            else if (endpoint.DeliveryUrl is { Length: > 0 })
            {
                errors.Add($"{setting}:ComplaintUrl is required with a DeliveryUrl (letters say where to complain).");
            }
            if (endpoint.DpoContact is { } dpo && (string.IsNullOrWhiteSpace(dpo) || dpo.Length > 500))
            {
                errors.Add($"{setting}:DpoContact must be 1-500 characters (an e-mail address, postal address or https URL).");
            }
            else if (endpoint.DpoContact is null && endpoint.DeliveryUrl is { Length: > 0 })
            {
                errors.Add($"{setting}:DpoContact is required with a DeliveryUrl (letters give the data protection officer's contact).");
            }
            errors.AddRange(endpoint.ChannelRates.Where(r => r.Value < 1).Select(r => $"{setting}:ChannelRates:{r.Key} must be at least 1 letter per minute."));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
