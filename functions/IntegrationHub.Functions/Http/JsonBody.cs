using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace IntegrationHub.Functions.Http;

/// <summary>Reads a JSON request body with the hub's rules: content type, size limit, well-formed JSON.</summary>
public static class JsonBody
{
    public const int DefaultMaxBytes = 1024 * 1024;

    /// <summary>The parsed body, or the problem to answer with (415, 413 or 400).</summary>
    public static async Task<(JsonDocument? Document, ObjectResult? Problem)> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken, int maxBytes = DefaultMaxBytes, params string[] mediaTypes)
    {
        string[] accepted = mediaTypes.Length > 0 ? mediaTypes : ["application/json"];
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !accepted.Any(m => contentType.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The body must be JSON.", $"Content-Type must be {string.Join(" or ", accepted)}."));
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return (JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 32 }), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "malformed-json", "The body is not well-formed JSON.",
                $"Parsing stopped at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}."));
        }
    }

    private static ObjectResult TooLarge(int maxBytes) =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The body is too large.", $"The limit is {maxBytes} bytes.");
}
