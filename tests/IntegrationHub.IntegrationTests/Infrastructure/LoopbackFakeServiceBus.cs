using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Sasl;
using Amqp.Types;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// A fake Azure Service Bus on a loopback port, built on AMQPNetLite's listener, just enough for the real
/// <c>ServiceBusSender</c> to send to it: SASL mechanism "MSSBCBS", the "$cbs" node (every put-token is answered 202),
/// and links to any other address, taken as a topic whose messages are recorded (in arrival order, duplicates kept).
/// <see cref="Stop"/> closes the port and every connection; <see cref="Start"/> listens on the same port again, so a
/// client built before the outage reconnects to it.
/// </summary>
/// <remarks>
/// Not Service Bus: no duplicate detection, sessions, subscriptions, filters, receive (PeekLock), management
/// operations, size limits beyond the advertised max message size, or token validation.
/// </remarks>
public sealed class LoopbackFakeServiceBus : IDisposable
{
    /// <summary>What the fake tells senders on attach; the SDK sizes its batches by it (Standard tier: 256 KB).</summary>
    public const ulong MaxMessageSize = 256 * 1024;

    private const uint BatchedMessageFormat = 0x80013700;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeServiceBusMessage>> _topics = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private ContainerHost? _host;

    // Rises at every stop: a link of an earlier run takes nothing more, even while its connection is still closing.
    private int _run;

    private LoopbackFakeServiceBus(int port) => Port = port;

    public int Port { get; }

    /// <summary>For the SDK: plain AMQP (no TLS) to the given port, because of UseDevelopmentEmulator.</summary>
    public string ConnectionString => $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=fake;SharedAccessKey=fake;UseDevelopmentEmulator=true";

    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _host is not null;
            }
        }
    }

    /// <summary>Starts a fake on a free loopback port.</summary>
    public static LoopbackFakeServiceBus StartNew()
    {
        var bus = new LoopbackFakeServiceBus(FreePort());
        bus.Start();
        return bus;
    }

    public void Start()
    {
        lock (_lock)
        {
            if (_host is not null)
            {
                return;
            }
            var host = new ContainerHost(new Address($"amqp://127.0.0.1:{Port}"));
            host.Listeners[0].SASL.EnableMechanism(new Symbol(CbsSaslProfile.Name), new CbsSaslProfile());
            host.RegisterRequestProcessor("$cbs", new CbsNode());
            host.RegisterLinkProcessor(new TopicLinks(this, _run));
            host.Open();
            _host = host;
        }
    }

    /// <summary>An outage: stops listening and closes every open connection (the client sees them forced closed).</summary>
    public void Stop()
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _run);
            _host?.Close();
            _host = null;
        }
    }

    public void Dispose() => Stop();

    /// <summary>Every message sent to <paramref name="topic"/> so far, in arrival order (duplicates included).</summary>
    public IReadOnlyList<FakeServiceBusMessage> Received(string topic) =>
        _topics.TryGetValue(topic, out var messages) ? [.. messages] : [];

    public IReadOnlyCollection<string> Topics => [.. _topics.Keys];

    private bool TryRecord(int run, string topic, Message message)
    {
        if (run != Volatile.Read(ref _run))
        {
            return false;
        }
        var queue = _topics.GetOrAdd(topic, _ => new ConcurrentQueue<FakeServiceBusMessage>());
        foreach (var inner in Unbatch(message))
        {
            queue.Enqueue(FakeServiceBusMessage.From(inner));
        }
        return true;
    }

    /// <summary>
    /// A batch (ServiceBusMessageBatch) arrives as one AMQP message, format 0x80013700, whose data sections each hold an
    /// encoded message; a message sent alone arrives as itself.
    /// </summary>
    private static IEnumerable<Message> Unbatch(Message message)
    {
        switch (message.BodySection)
        {
            case DataList list:
                for (var i = 0; i < list.Count; i++)
                {
                    yield return Decode(list[i].Binary);
                }
                break;
            case Data data when message.Format == BatchedMessageFormat || IsEncodedMessage(data.Binary):
                yield return Decode(data.Binary);
                break;
            default:
                yield return message;
                break;
        }
    }

    // An encoded message starts with a described section: 0x00, then the small-ulong descriptor code 0x53 (0x70-0x78).
    private static bool IsEncodedMessage(byte[] bytes) => bytes.Length > 2 && bytes[0] == 0x00 && bytes[1] == 0x53 && bytes[2] is >= 0x70 and <= 0x78;

    private static Message Decode(byte[] bytes) => Message.Decode(new ByteBuffer(bytes, 0, bytes.Length, bytes.Length));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Service Bus's SASL mechanism for CBS (claims-based security): accepted at once, the token comes later over $cbs.</summary>
    private sealed class CbsSaslProfile() : SaslProfile(Name)
    {
        public const string Name = "MSSBCBS";

        protected override ITransport UpgradeTransport(ITransport transport) => transport;

        protected override DescribedList? GetStartCommand(string hostname) => null;

        protected override DescribedList OnCommand(DescribedList command) => new SaslOutcome { Code = SaslCode.Ok };
    }

    /// <summary>The "$cbs" node: every put-token is accepted (status 202), whatever the token.</summary>
    private sealed class CbsNode : IRequestProcessor
    {
        public int Credit => 100;

        public void Process(RequestContext requestContext)
        {
            var response = new Message
            {
                ApplicationProperties = new ApplicationProperties
                {
                    ["status-code"] = 202,
                    ["status-description"] = "Accepted",
                },
            };
            requestContext.Complete(response);
        }
    }

    /// <summary>Links to any other address: a sender's link to a topic (the fake receives on it).</summary>
    private sealed class TopicLinks(LoopbackFakeServiceBus bus, int run) : ILinkProcessor
    {
        public void Process(AttachContext attachContext)
        {
            if (!attachContext.Link.Role || attachContext.Attach.Target is not Target { Address: { Length: > 0 } address })
            {
                attachContext.Complete(new Error(ErrorCode.NotImplemented) { Description = "The fake Service Bus only receives on topics." });
                return;
            }
            attachContext.Attach.MaxMessageSize = MaxMessageSize;
            attachContext.Complete(new TargetLinkEndpoint(new TopicNode(bus, run, EntityPath(address)), attachContext.Link), 100);
        }
    }

    /// <summary>The SDK names the entity as a path ("/topic") or a full address ("amqps://host/topic").</summary>
    private static string EntityPath(string address) =>
        (Uri.TryCreate(address, UriKind.Absolute, out var uri) && !uri.IsFile ? uri.AbsolutePath : address).Trim('/');

    private sealed class TopicNode(LoopbackFakeServiceBus bus, int run, string topic) : IMessageProcessor
    {
        public int Credit => 100;

        public void Process(MessageContext messageContext)
        {
            if (bus.TryRecord(run, topic, messageContext.Message))
            {
                messageContext.Complete();
            }
            else
            {
                messageContext.Complete(new Error(ErrorCode.ConnectionForced) { Description = "The fake Service Bus is stopped." });
            }
        }
    }
}

/// <summary>A message as the fake Service Bus received it.</summary>
public sealed record FakeServiceBusMessage(
    string? MessageId,
    string? SessionId,
    string? Subject,
    string? ContentType,
    IReadOnlyDictionary<string, object?> ApplicationProperties,
    string Body)
{
    internal static FakeServiceBusMessage From(Message message)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (message.ApplicationProperties is { } application)
        {
            foreach (var (key, value) in application.Map)
            {
                properties[key.ToString()!] = value;
            }
        }
        var body = message.BodySection switch
        {
            Data data => System.Text.Encoding.UTF8.GetString(data.Binary),
            AmqpValue value => value.Value?.ToString() ?? "",
            _ => "",
        };
        return new(
            message.Properties?.MessageId,
            message.Properties?.GroupId,
            message.Properties?.Subject,
            message.Properties?.ContentType,
            properties,
            body);
    }
}
