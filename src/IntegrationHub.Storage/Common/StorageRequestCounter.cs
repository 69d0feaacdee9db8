using Azure.Core;
using Azure.Core.Pipeline;

namespace IntegrationHub.Storage.Common;

/// <summary>
/// Counts the requests the hub's Azure SDK clients send (issue 18: storage transactions per operation, what Azure bills
/// and what limits a partition). One HTTP request is one count: an entity group transaction ($batch) and a queue receive
/// of 32 messages are one request each, as Azure bills them; a retry is a request again, as Azure bills it too.
/// Off unless "Hub:Storage:CountRequests" is true (benchmarks, tests): HubStorage then adds <see cref="Policy"/> to every
/// client it makes. A policy left out costs nothing at all, which is why production goes without it (docs/capacity.md).
/// </summary>
public sealed class StorageRequestCounter(string namePrefix)
{
    private static readonly AsyncLocal<StorageRequestTally?> Current = new();
    private static readonly AsyncLocal<string?> Function = new();

    /// <summary>Every request of this hub's clients since start.</summary>
    public StorageRequestTally All { get; } = new();

    /// <summary>
    /// The same requests keyed "{function} | {call}": the function whose invocation made them (<see cref="InFunction"/>),
    /// or "host" for what no invocation made (queue listeners' receives and deletes, timer leases). This is where one
    /// CV's or one event's downstream requests show up (docs/capacity.md).
    /// </summary>
    public StorageRequestTally ByFunction { get; } = new();

    /// <summary>Names the function whose invocation the current async flow runs, until disposed (the dev host's invoker).</summary>
    public static IDisposable InFunction(string name)
    {
        var outer = Function.Value;
        Function.Value = name;
        return new RestoreFunction(outer);
    }

    /// <summary>
    /// Also counts the requests of the current async flow (an HTTP call the dev host serves, a test's own call) in
    /// <paramref name="tally"/> until disposed. Work handed to another flow (a queue message, a poller) is not in it.
    /// </summary>
    public static IDisposable Attribute(StorageRequestTally tally)
    {
        var outer = Current.Value;
        Current.Value = tally;
        return new Restore(outer);
    }

    /// <summary>Adds the counting policy to a client's options (per retry: every attempt is a request Azure bills).</summary>
    public TOptions Count<TOptions>(TOptions options, StorageService service)
        where TOptions : ClientOptions
    {
        options.AddPolicy(new CountingPolicy(this, service), HttpPipelinePosition.PerRetry);
        return options;
    }

    private void Record(StorageService service, Request request)
    {
        var host = request.Uri.Host;
        var pathStyle = host == "localhost" || System.Net.IPAddress.TryParse(host, out _);
        var path = request.Uri.Path;
        var batch = service == StorageService.Table && path.EndsWith("$batch", StringComparison.Ordinal) ? BatchTables(request, namePrefix) : null;
        var key = Describe(service, request.Method.Method, path, request.Uri.Query, namePrefix, pathStyle,
            conditional: request.Headers.TryGetValue("If-Match", out _), batch);
        All.Add(service, key);
        ByFunction.Add(service, (Function.Value ?? "host") + " | " + key);
        Current.Value?.Add(service, key);
    }

    /// <summary>
    /// The table an entity group transaction writes ("Visibility"), read from the changeset's first request line: the
    /// $batch URL names no table, and a transaction spans one partition of one table, so the first line names it. The
    /// body is written into <see cref="FirstRequestLine"/>, which keeps only the line it is in (no copy of the body, no
    /// text of it), and only that line is parsed (issue 18: the copy and the split of every line cost the bench about
    /// 8 % of its CPU).
    /// </summary>
    private static string? BatchTables(Request request, string prefix)
    {
        if (request.Content is null)
        {
            return null;
        }
        using var lines = new FirstRequestLine();
        request.Content.WriteTo(lines, CancellationToken.None);
        if (lines.Line is not { } line)
        {
            return null;
        }
        // "PUT http://127.0.0.1:10002/devstoreaccount1/pfxVisibility(PartitionKey='nav',RowKey='c1') HTTP/1.1"
        var parts = line.Split(' ');
        var segment = Uri.UnescapeDataString(new Uri(parts[1]).Segments[^1]);
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        var table = paren >= 0 ? segment[..paren] : segment;
        return prefix.Length > 0 && table.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? table[prefix.Length..] : table;
    }

    /// <summary>
    /// A write-only stream that finds the first line of the form "VERB absolute-URI HTTP/..." in what is written to it,
    /// holding at most one line of up to 2 KB at a time (longer lines, the entities' JSON, are passed over).
    /// </summary>
    private sealed class FirstRequestLine : Stream
    {
        private readonly byte[] _line = System.Buffers.ArrayPool<byte>.Shared.Rent(2048);
        private int _length;
        private bool _tooLong;

        public string? Line { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (Line is null && !buffer.IsEmpty)
            {
                var end = buffer.IndexOf((byte)'\n');
                var part = end < 0 ? buffer : buffer[..end];
                if (!_tooLong && _length + part.Length <= _line.Length)
                {
                    part.CopyTo(_line.AsSpan(_length));
                    _length += part.Length;
                }
                else
                {
                    _tooLong = true;
                }
                if (end < 0)
                {
                    return;
                }
                if (!_tooLong)
                {
                    Line = RequestLine(_line.AsSpan(0, _length));
                }
                (_length, _tooLong) = (0, false);
                buffer = buffer[(end + 1)..];
            }
        }

        /// <summary>The line as text when it is a request line (three parts, the third "HTTP/...", the second an absolute URI).</summary>
        private static string? RequestLine(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
            {
                bytes = bytes[..^1];
            }
            if (bytes.IndexOf(" HTTP/"u8) < 0)
            {
                return null;
            }
            var line = System.Text.Encoding.UTF8.GetString(bytes);
            var parts = line.Split(' ');
            return parts.Length == 3 && parts[2].StartsWith("HTTP/", StringComparison.Ordinal) && Uri.TryCreate(parts[1], UriKind.Absolute, out _) ? line : null;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(_line);
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// "Table GET Cvs (point)", "Table PUT CvSearch07 (upsert)", "Table POST $batch Visibility", "Queue POST
    /// cv-changes/messages", "Blob PUT cvs": the service, the verb, the resource without the name prefix and, for a table
    /// entity, what kind of operation it is (a PUT or MERGE with If-Match is an update, without it an upsert).
    /// </summary>
    /// <param name="pathStyle">The account is the path's first segment (Azurite: http://127.0.0.1:10002/devstoreaccount1/Cvs(...)).</param>
    /// <param name="conditional">The request carries If-Match.</param>
    /// <param name="batchTables">The tables a $batch writes, when known.</param>
    public static string Describe(StorageService service, string method, string path, string query, string prefix, bool pathStyle,
        bool conditional = false, string? batchTables = null)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var skip = pathStyle && segments.Length > 0 ? 1 : 0;
        var first = segments.Length > skip ? Uri.UnescapeDataString(segments[skip]) : "";
        var paren = first.IndexOf('(', StringComparison.Ordinal);
        var resource = paren >= 0 ? first[..paren] : first;
        if (prefix.Length > 0 && resource.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            resource = resource[prefix.Length..];
        }
        var entity = first.Contains("PartitionKey=", StringComparison.Ordinal);
        var detail = service switch
        {
            StorageService.Table when method == "GET" => entity ? " (point)" : " (query)",
            StorageService.Table when resource == "$batch" => batchTables is null ? "" : " " + batchTables,
            StorageService.Table when method == "POST" && resource != "Tables" => " (insert)",
            StorageService.Table when entity && method is "PUT" or "MERGE" or "PATCH" => conditional ? " (update)" : " (upsert)",
            StorageService.Queue when segments.Length > skip + 1 => "/" + segments[skip + 1] + (query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) ? " (peek)" : ""),
            _ => "",
        };
        var comp = Comp(query);
        return $"{service} {method} {resource}{detail}{(comp is null ? "" : " comp=" + comp)}";
    }

    private static string? Comp(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("comp=", StringComparison.Ordinal))
            {
                return pair[5..];
            }
        }
        return null;
    }

    private sealed class CountingPolicy(StorageRequestCounter counter, StorageService service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => counter.Record(service, message.Request);
    }

    private sealed class Restore(StorageRequestTally? outer) : IDisposable
    {
        public void Dispose() => Current.Value = outer;
    }

    private sealed class RestoreFunction(string? outer) : IDisposable
    {
        public void Dispose() => Function.Value = outer;
    }
}
