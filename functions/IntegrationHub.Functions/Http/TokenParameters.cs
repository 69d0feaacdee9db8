using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Functions.Http;

/// <summary>Reads a continuation token from the query string: opened, or one <see cref="FieldError"/> with rule "token".</summary>
public static class TokenParameters
{
    /// <summary>
    /// The position sealed in the token named <paramref name="name"/>, null when none was given or it does not open
    /// (then the error is added): not sealed by this hub, for another query, altered, or older than its lifetime.
    /// </summary>
    public static string? Token(this QueryParameters parameters, string name, ContinuationTokens tokens, string purpose)
    {
        if (parameters.Text(name, maxLength: 2048) is not { } token)
        {
            return null;
        }
        if (tokens.Open(purpose, token) is { } position)
        {
            return position;
        }
        parameters.Errors.Add(new FieldError("?" + name, "token", "must be the 'next' of an earlier answer to the same query, used within its lifetime"));
        return null;
    }
}
