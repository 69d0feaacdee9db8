using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Erasure;

/// <summary>Checks the tombstone key at start: outside Development it must be set, and everywhere it must decode to 32+ bytes.</summary>
public sealed class ErasureOptionsValidator(IHostEnvironment environment) : IValidateOptions<ErasureOptions>
{
    public ValidateOptionsResult Validate(string? name, ErasureOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TombstoneKey))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Hub:Erasure:TombstoneKey is required outside Development (base64 of 32+ random bytes; a Key Vault reference in Azure).");
        }
        try
        {
            return Convert.FromBase64String(options.TombstoneKey).Length >= 32
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Hub:Erasure:TombstoneKey must decode to at least 32 bytes.");
        }
        catch (FormatException)
        {
            return ValidateOptionsResult.Fail("Hub:Erasure:TombstoneKey is not base64.");
        }
    }
}
