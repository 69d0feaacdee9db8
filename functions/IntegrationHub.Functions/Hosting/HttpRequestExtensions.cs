using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Functions.Hosting;

public static class HttpRequestExtensions
{
    /// <summary>The authorized caller of this request.</summary>
    public static HubCaller Caller(this HttpRequest request) => HubAuthorizer.CallerOf(request.HttpContext);

    /// <summary>The caller's correlation id (header "x-correlation-id", if sane), or a new one.</summary>
    public static string CorrelationId(this HttpRequest request)
    {
        var header = request.Headers["x-correlation-id"].ToString();
        return header.Length is > 0 and <= 64 && header.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? header
            : HubIds.NewMessageId();
    }
}
