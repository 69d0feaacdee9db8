using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Functions.Http;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Hardening;

/// <summary>
/// Every HTTP function is enumerated from the function catalog (the [Function] methods), and each one that takes a
/// body is proved to read it through <see cref="JsonBody"/>: sent a wrong content type, a duplicate key and a body over
/// its limit, it answers the pipeline's problems and stores nothing.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class BodyPipelineCoverageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private InboundHost _hub = null!;

    public async Task InitializeAsync() => _hub = await InboundHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public void EveryPostFunction_DeclaresWhetherItTakesABody()
    {
        var targets = _hub.Targets();
        foreach (var target in targets)
        {
            var takesBody = target.TakesBody;
            var noBody = target.Function.Method.GetCustomAttributes(typeof(NoRequestBodyAttribute), false).Length > 0;
            var writes = target.Function.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH");
            Assert.True(writes ? takesBody ^ noBody : !takesBody && !noBody,
                $"{target.Name}: a POST/PUT/PATCH function carries exactly one of [JsonRequestBody] or [NoRequestBody]; others neither");
            if (takesBody)
            {
                Assert.True(target.Example is not null, $"{target.Name} takes a body but has no example to mutate");
            }
        }
        Assert.Equal(8, targets.Count(t => t.TakesBody));
    }

    [Fact]
    public async Task EveryBodyTakingFunction_RefusesWrongContentTypeDuplicateKeysAndOversizedBodies_AndStoresNothing()
    {
        foreach (var target in _hub.Targets().Where(t => t.TakesBody))
        {
            var path = target.Path(_ => "k4zwz2agd62h66amhjp6jixfom");
            var valid = target.Example!().ToJsonString();
            var duplicate = valid[0] == '{' ? "{\"zz\":1,\"zz\":2," + valid[1..] : "[{\"zz\":1,\"zz\":2}]";
            var oversized = new ByteArrayContent(Encoding.UTF8.GetBytes("[\"" + new string('x', target.MaxBytes) + "\"]"));
            oversized.Headers.ContentType = new(target.MediaType);

            await Expect(target, path, new StringContent(valid, Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Content-Type");
            await Expect(target, path, Json(target, duplicate), HttpStatusCode.BadRequest, "duplicate-key", valid[0] == '{' ? "/zz" : "/0/zz");
            await Expect(target, path, oversized, HttpStatusCode.RequestEntityTooLarge, "payload-too-large", "");
            await Expect(target, path, Json(target, valid + " x"), HttpStatusCode.BadRequest, "malformed-json", "");
            await Expect(target, path, Json(target, valid.Insert(valid.Length - 1, ",\"\\u0000\":\"a\u202Eb\"").Replace("[,", "[", StringComparison.Ordinal)), HttpStatusCode.BadRequest,
                valid[0] == '{' ? "validation" : "malformed-json", null);
        }
    }

    [Fact]
    public async Task FeedDetails_SevenMillionIdsStreamed_AreRefusedAtTheSizeLimitUnread()
    {
        // 7,000,000 ids (about 200 MB) streamed without a length: the function stops reading at 64 KiB and answers 413 at
        // once; what the transport takes after the answer is bounded by the server (Kestrel drains at most its 30 MB
        // request limit; the answer says Connection: close) plus what the two sockets' buffers hold, never the whole flood.
        var target = _hub.Targets().Single(t => t.Name == "FeedCvDetails");
        var stream = new IdFlood(7_000_000);
        var content = new StreamContent(stream);
        content.Headers.ContentType = new("application/json");
        var watch = Stopwatch.StartNew();

        HttpResponseMessage response;
        try
        {
            response = await target.Caller.PostAsync(target.Path(_ => ""), content);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection once it has answered; what matters is that it read only the limit.
            Assert.True(stream.Sent < ReadBound, $"the hub read {stream.Sent} bytes (bound {ReadBound})");
            return;
        }
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        // Only a hang fails on time (the bytes read are the evidence); room for a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.True(stream.Sent < ReadBound, $"the hub read {stream.Sent} bytes (bound {ReadBound})");
    }

    /// <summary>
    /// What the client can push before the connection closes: Kestrel's drain (its 30,000,000-byte default request
    /// limit) plus the most the sender's and the receiver's socket buffers can hold, which Linux auto-tunes up to
    /// tcp_wmem's and tcp_rmem's third value (32 MiB for the receiver on some images: a fixed 32 MiB bound failed on a
    /// loaded run at 37.8 MB). Still well under the 200 MB flood.
    /// </summary>
    private static readonly long ReadBound = 30_000_000 + KernelBufferMax("tcp_wmem", 4 << 20) + KernelBufferMax("tcp_rmem", 6 << 20);

    private static long KernelBufferMax(string name, long fallback)
    {
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/" + name).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 3 && long.TryParse(fields[2], out var max) ? max : fallback;
        }
        catch (IOException)
        {
            return fallback;
        }
        catch (UnauthorizedAccessException)
        {
            return fallback;
        }
    }

    private static StringContent Json(InboundTarget target, string body) => new(body, Encoding.UTF8, target.MediaType);

    private async Task Expect(InboundTarget target, string path, HttpContent content, HttpStatusCode status, string type, string? field)
    {
        var before = await StorageSnapshot.TakeAsync(azurite, _hub.Host.Prefix);
        var response = await target.Caller.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{target.Name}: expected {(int)status} {type}, got {(int)response.StatusCode} {text}");
        var problem = JsonNode.Parse(text)!;
        Assert.True(problem["type"]!.GetValue<string>().EndsWith("/" + type, StringComparison.Ordinal), $"{target.Name}: {text}");
        var errors = problem["errors"]!.AsArray();
        Assert.NotEmpty(errors);
        if (field is not null)
        {
            Assert.True(errors[0]!["field"]!.GetValue<string>() == field, $"{target.Name}: {text}");
        }
        Assert.Empty(StorageSnapshot.Grown(before, await StorageSnapshot.TakeAsync(azurite, _hub.Host.Prefix)));
    }

    /// <summary>{"cvIds":["id0","id1",...]} produced as it is read, counting what the hub took.</summary>
    private sealed class IdFlood(int count) : Stream
    {
        private int _next = -1;
        private byte[] _pending = Encoding.UTF8.GetBytes("{\"cvIds\":[");
        private int _offset;

        public long Sent { get; private set; }

        public override int Read(byte[] buffer, int offset, int length)
        {
            if (_offset == _pending.Length)
            {
                if (_next >= count)
                {
                    return 0;
                }
                _next++;
                _pending = Encoding.UTF8.GetBytes(_next == count ? "]}" : (_next == 0 ? "" : ",") + $"\"k4zwz2agd62h66amhjp6j{_next:D7}\"");
                _offset = 0;
            }
            var n = Math.Min(length, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset, n);
            _offset += n;
            Sent += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Sent; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
