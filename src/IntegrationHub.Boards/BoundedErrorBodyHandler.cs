namespace IntegrationHub.Boards;

/// <summary>
/// Replaces the body of a non-2xx answer with at most <see cref="OutboundSafety.MaxErrorBodyBytes"/> of it, read from the
/// stream, before anything buffers it: the rest is never read (the connection is given up). Outermost in each outbound
/// client, so it sees the final answer after the retries.
/// </summary>
public sealed class BoundedErrorBodyHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || response.Content is null)
        {
            return response;
        }
        var original = response.Content;
        var prefix = new byte[OutboundSafety.MaxErrorBodyBytes];
        var read = 0;
        await using (var stream = await original.ReadAsStreamAsync(cancellationToken))
        {
            while (read < prefix.Length && await stream.ReadAsync(prefix.AsMemory(read), cancellationToken) is var n and > 0)
            {
                read += n;
            }
        }
        var bounded = new ByteArrayContent(prefix, 0, read);
        foreach (var header in original.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        bounded.Headers.ContentLength = read;
        original.Dispose();
        response.Content = bounded;
        return response;
    }
}
