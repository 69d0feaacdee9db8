using System.Buffers;
using System.Text.Json;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace IntegrationHub.Functions.Http;

/// <summary>
/// The one request pipeline for every JSON body the hub accepts (issue 15, docs/security.md "Inbound requests"), in
/// this order: content type (415), size limit (413, from Content-Length before reading and again while reading),
/// strict UTF-8 (400 <c>utf-8</c>), well-formed JSON with nothing after it and at most <see cref="MaxDepth"/> levels
/// (400 <c>malformed-json</c>), every object's keys unique (400 <c>duplicate-key</c>, naming the key's path), and every
/// string and key free of what no store or renderer can hold (400 <c>validation</c>; <see cref="TextRules"/>). Every
/// problem names the field (a JSON pointer; "" is the whole body) and the rule in <c>errors</c>. Functions that take a
/// body are marked <see cref="JsonRequestBodyAttribute"/> so a test can prove each goes through here.
/// </summary>
public static class JsonBody
{
    public const int DefaultMaxBytes = 1024 * 1024;

    /// <summary>Deeper than any contract (the CV's deepest path has 5 levels); bounds the work a hostile body causes.</summary>
    public const int MaxDepth = 32;

    /// <summary>The parsed body, or the problem to answer with (415, 413 or 400).</summary>
    public static Task<(JsonDocument? Document, ObjectResult? Problem)> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken, int maxBytes = DefaultMaxBytes, params string[] mediaTypes) =>
        ReadAsync(request, maxBytes, singleLine: null, mediaTypes, cancellationToken);

    /// <param name="singleLine">
    /// The fields (JSON pointers, array indices written as <c>*</c>) that are single-line text: tab, LF and CR are refused
    /// there as well. Everywhere else they are allowed (free text).
    /// </param>
    public static Task<(JsonDocument? Document, ObjectResult? Problem)> ReadAsync(
        HttpRequest request, int maxBytes, IReadOnlySet<string>? singleLine, CancellationToken cancellationToken) =>
        ReadAsync(request, maxBytes, singleLine, [], cancellationToken);

    private static async Task<(JsonDocument? Document, ObjectResult? Problem)> ReadAsync(
        HttpRequest request, int maxBytes, IReadOnlySet<string>? singleLine, string[] mediaTypes, CancellationToken cancellationToken)
    {
        string[] accepted = mediaTypes.Length > 0 ? mediaTypes : ["application/json"];
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !accepted.Any(m => contentType.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The body must be JSON.", $"Content-Type must be {string.Join(" or ", accepted)}.", "Content-Type", "media-type"));
        }
        // JSON exchanged between systems is UTF-8 (RFC 8259 section 8.1); a body declared in another charset is refused, not guessed at.
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The body must be UTF-8.", "The charset parameter, when present, must be utf-8.", "Content-Type", "charset"));
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(request, maxBytes));
        }

        // Read into a pooled buffer sized by Content-Length when declared (issue 18: a 16 KB chunk and a growing
        // MemoryStream per request), then copied once into an array of the body's length: the parsed document keeps it.
        var rented = ArrayPool<byte>.Shared.Rent(request.ContentLength is long declared && declared > 0 ? (int)declared + 1 : 16 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == rented.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, rented.Length * 2));
                    rented.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = bigger;
                }
                var read = await request.Body.ReadAsync(rented.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > maxBytes)
                {
                    return (null, TooLarge(request, maxBytes));
                }
            }
            return Check(rented.AsSpan(0, length).ToArray(), singleLine);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The body's checks after it is read (UTF-8, well-formed, keys unique, text rules): the parsed document, or the 400
    /// to answer with. Public for <c>./hub bench steps</c>, which measures it on its own.
    /// </summary>
    public static (JsonDocument? Document, ObjectResult? Problem) Check(ReadOnlyMemory<byte> bytes, IReadOnlySet<string>? singleLine)
    {
        // The JSON reader checks UTF-8 only in the strings it is asked to decode; the whole body is checked here, once.
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "malformed-json", "The body is not valid UTF-8.",
                "The body holds a byte sequence that is not UTF-8.", "", "utf-8"));
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "malformed-json", "The body is not well-formed JSON.",
                $"Parsing stopped at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}.", "", "json"));
        }
        using var inspection = new JsonBodyInspection(singleLine);
        inspection.Inspect(document.RootElement);
        var (errors, duplicates) = (inspection.Errors, inspection.Duplicates);
        if (duplicates.Count > 0)
        {
            document.Dispose();
            var problem = Problems.Create(StatusCodes.Status400BadRequest, "duplicate-key", "The body repeats a key in one object.",
                "JSON objects must not repeat a name (RFC 8259 section 4); see 'errors' for the path.");
            problem.Extensions["errors"] = Problems.Errors(duplicates);
            return (null, Problems.ToResult(problem));
        }
        if (errors.Count > 0)
        {
            document.Dispose();
            return (null, Problems.Validation(errors, "The body holds characters the hub refuses."));
        }
        return (document, null);
    }

    /// <remarks>The connection closes after the answer, so the server does not go on reading the rest of a flood to keep it alive.</remarks>
    private static ObjectResult TooLarge(HttpRequest request, int maxBytes)
    {
        request.HttpContext.Response.Headers.Connection = "close";
        return Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The body is too large.", $"The limit is {maxBytes} bytes.", "", "maxBytes");
    }

    private static ObjectResult Problem(int status, string type, string title, string detail, string field, string rule)
    {
        var problem = Problems.Create(status, type, title, detail);
        problem.Extensions["errors"] = Problems.Errors([new FieldError(field, rule, detail)]);
        return Problems.ToResult(problem);
    }
}
