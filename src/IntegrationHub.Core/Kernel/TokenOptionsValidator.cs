using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// Refuses to start without a signing key outside Development, with a key that is not base64 of at least 32 bytes, or
/// with a previous key and no end to its validity. In Development a missing key is allowed: each process then seals
/// with a random key of its own (<see cref="ContinuationTokens"/>).
/// </summary>
public sealed class TokenOptionsValidator(IHostEnvironment environment) : IValidateOptions<TokenOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            if (!environment.IsDevelopment())
            {
                errors.Add("Hub:Tokens:SigningKey is required outside Development (Hub__Tokens__SigningKey: base64 of at least 32 random bytes, from Key Vault in Azure).");
            }
        }
        else if (!ContinuationTokens.TryDecodeKey(options.SigningKey, out _))
        {
            errors.Add($"Hub:Tokens:SigningKey must be base64 of at least {TokenOptions.MinKeyBytes} bytes.");
        }
        if (!string.IsNullOrEmpty(options.PreviousSigningKey))
        {
            if (!ContinuationTokens.TryDecodeKey(options.PreviousSigningKey, out _))
            {
                errors.Add($"Hub:Tokens:PreviousSigningKey must be base64 of at least {TokenOptions.MinKeyBytes} bytes.");
            }
            if (options.PreviousKeyValidUntil is null)
            {
                errors.Add("Hub:Tokens:PreviousKeyValidUntil is required with a PreviousSigningKey (a rotated key is accepted for a set period only).");
            }
        }
        if (options.LifetimeMinutes is < 1 or > 7 * 24 * 60)
        {
            errors.Add("Hub:Tokens:LifetimeMinutes must be from 1 to 10080 (a week).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
