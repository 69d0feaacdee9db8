using System.ComponentModel.DataAnnotations;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards;

/// <summary>
/// Refuses to start with a board endpoint that is not an absolute URL, or not https outside Development (NAV's bearer
/// token travels on it; issue 15), or NAV without its numeric provider id and token. Without a host environment (a bare
/// service collection) it holds to the rule outside Development.
/// </summary>
public sealed class BoardOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<BoardOptions>
{
    public ValidateOptionsResult Validate(string? name, BoardOptions options)
    {
        var errors = new List<string>();
        foreach (var board in BoardIds.Pushed)
        {
            var endpoint = options.For(board);
            var setting = $"Hub:Boards:{char.ToUpperInvariant(board[0])}{board[1..]}";
            if (endpoint.BaseUrl is { Length: > 0 } url && OutboundSafety.CheckUrl($"{setting}:BaseUrl", url, environment) is { } refused)
            {
                errors.Add(refused);
            }
            if (board == BoardIds.Nav && endpoint.BaseUrl is { Length: > 0 })
            {
                // pam-import-api reads {providerId} as a number (TransferController: pathParam("providerId").toLong()).
                if (!long.TryParse(endpoint.Provider, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    errors.Add($"{setting}:Provider is required with a NAV endpoint and must be NAV's numeric provider id.");
                }
                if (string.IsNullOrWhiteSpace(endpoint.Token))
                {
                    errors.Add($"{setting}:Token is required with a NAV endpoint (the bearer token NAV issued to the provider).");
                }
                if (endpoint.StatusPollInterval is { } pace && pace < BoardOptions.NavMinimumStatusPollInterval && environment?.IsDevelopment() != true)
                {
                    errors.Add($"{setting}:StatusPollInterval must be at least 01:00:00 outside Development: NAV asks for an hour or more between status requests.");
                }
            }
            if (endpoint.StatusPollInterval is { } interval && (interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromDays(1)))
            {
                errors.Add($"{setting}:StatusPollInterval must be between 00:00:01 and 1.00:00:00.");
            }
        }
        var r = options.Resilience;
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(r, new ValidationContext(r), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(v => $"Hub:Boards:Resilience:{string.Join(",", v.MemberNames)}: {v.ErrorMessage}"));
        }
        if (r.MaxDelayMilliseconds < r.BaseDelayMilliseconds)
        {
            errors.Add("Hub:Boards:Resilience:MaxDelayMilliseconds must not be below BaseDelayMilliseconds.");
        }
        if (r.AttemptTimeoutSeconds > r.TotalTimeoutSeconds)
        {
            errors.Add("Hub:Boards:Resilience:AttemptTimeoutSeconds must not exceed TotalTimeoutSeconds.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
