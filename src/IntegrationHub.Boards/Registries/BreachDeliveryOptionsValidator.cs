using IntegrationHub.Core.Breach;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards.Registries;

/// <summary>Refuses to start with a registry delivery endpoint that is not an absolute http(s) URL, or a channel rate below 1.</summary>
public sealed class BreachDeliveryOptionsValidator : IValidateOptions<BreachDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, BreachDeliveryOptions options)
    {
        var errors = new List<string>();
        foreach (var (registry, endpoint) in options.Registries)
        {
            var setting = $"Hub:Breach:Registries:{registry}";
            if (endpoint.DeliveryUrl is { Length: > 0 } url
                && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            {
                errors.Add($"{setting}:DeliveryUrl must be an absolute http(s) URL.");
            }
            if (endpoint.Audience is { Length: > 0 } audience && !Uri.TryCreate(audience, UriKind.Absolute, out _) && !Guid.TryParse(audience, out _))
            {
                errors.Add($"{setting}:Audience must be the endpoint's app id URI or client id.");
            }
            errors.AddRange(endpoint.ChannelRates.Where(r => r.Value < 1).Select(r => $"{setting}:ChannelRates:{r.Key} must be at least 1 letter per minute."));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
