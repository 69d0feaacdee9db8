using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Telemetry;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.UnitTests.Telemetry;

/// <summary>W3C trace context inside queue messages and outbound events (issue 17, ADR 0024).</summary>
public sealed class TraceContextTests : IDisposable
{
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public TraceContextTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == HubTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void Envelope_WithTraceParent_RoundTripsAsTheTraceparentField()
    {
        // Arrange
        var page = new CvChangesPage { MessageId = "m1", CorrelationId = "c1", Registry = "nav", Changes = [], TraceParent = TraceParent };

        // Act
        var json = JsonSerializer.Serialize(page, CvsJson.Default.CvChangesPage);
        var back = JsonSerializer.Deserialize(json, CvsJson.Default.CvChangesPage)!;

        // Assert
        Assert.Contains($"\"traceparent\":\"{TraceParent}\"", json, StringComparison.Ordinal);
        Assert.Equal(TraceParent, back.TraceParent);
    }

    [Fact]
    public void Envelopes_WrittenBeforeTraceContext_StillDecode()
    {
        // Arrange: messages as sent before issue 17 (no traceparent).
        const string cv = """{"messageId":"m1","correlationId":"c1","registry":"nav","changes":[{"cvId":"x","version":1,"operation":"upserted"}]}""";
        const string ad = """{"messageId":"m1","correlationId":"c1","client":"ats","board":"nav","adIds":["a"]}""";
        const string breach = """{"messageId":"m1","correlationId":"c1","campaignId":"b","runId":"r","pageNo":1,"after":"","last":"z","count":1}""";
        const string dryRun = """{"messageId":"m1","correlationId":"c1","campaignId":"b"}""";

        // Act / Assert
        Assert.Null(JsonSerializer.Deserialize(cv, CvsJson.Default.CvChangesPage)!.TraceParent);
        Assert.Null(JsonSerializer.Deserialize(ad, JobAdsJson.Default.JobAdDeliveryPage)!.TraceParent);
        Assert.Null(JsonSerializer.Deserialize(breach, BreachJson.Default.BreachDeliveryPage)!.TraceParent);
        Assert.Null(JsonSerializer.Deserialize(dryRun, BreachJson.Default.RunBreachDryRun)!.TraceParent);
    }

    [Fact]
    public void StartProcess_WithTraceParent_IsAChildInTheSendersTrace()
    {
        // Act
        using (var span = HubTelemetry.StartProcess(CvsQueues.CvChanges, TraceParent, "m1"))
        {
            Assert.NotNull(span);
        }

        // Assert
        var process = Assert.Single(_stopped);
        Assert.Equal("process cv-changes", process.DisplayName);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", process.TraceId.ToHexString());
        Assert.Equal("00f067aa0ba902b7", process.ParentSpanId.ToHexString());
        Assert.Equal("cv-changes", process.GetTagItem("messaging.destination.name"));
    }

    [Fact]
    public void StartProcess_WithoutTraceParent_StartsARootSpan()
    {
        // Act
        using (HubTelemetry.StartProcess(CvsQueues.CvChanges, traceParent: null, "m1"))
        {
        }

        // Assert
        Assert.Equal(default, Assert.Single(_stopped).ParentSpanId);
    }

    [Fact]
    public void StartSend_ForAPageOfMany_LinksEachCauseOnce()
    {
        // Arrange
        const string other = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        // Act
        using (HubTelemetry.StartSend(CvsQueues.CvChanges, [TraceParent, other, TraceParent, null, "not-a-traceparent"], 5))
        {
        }

        // Assert
        var send = Assert.Single(_stopped);
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal(["4bf92f3577b34da6a3ce929d0e0e4736", "0af7651916cd43dd8448eb211c80319c"], send.Links.Select(l => l.Context.TraceId.ToHexString()));
    }

    [Fact]
    public void OutboxRow_WrittenInsideASpan_CarriesItsTraceParentToServiceBus()
    {
        // Arrange
        using var span = HubTelemetry.Source.StartActivity("write");
        var e = new OutboundEvent("e1", "CvVisibilityChanged", "/hub", "cv/x", DateTimeOffset.UnixEpoch, OutboundTopics.CvVisibility, "x", "{}");

        // Act
        var row = OutboxRows.Add("p", "x", 1, 0, e).Entity;
        var read = OutboxRows.Read((Azure.Data.Tables.TableEntity)row);
        var message = ServiceBusEventSink.ToMessage(read);

        // Assert
        Assert.Equal(span!.Id, read.TraceParent);
        Assert.Equal(span.Id, message.ApplicationProperties["cloudEvents:traceparent"]);
        Assert.Equal(span.Id, message.ApplicationProperties["Diagnostic-Id"]);
    }

    [Fact]
    public void OutboxRow_WrittenOutsideASpan_HasNoTraceParent()
    {
        // Arrange
        var e = new OutboundEvent("e1", "CvVisibilityChanged", "/hub", "cv/x", DateTimeOffset.UnixEpoch, OutboundTopics.CvVisibility, "x", "{}");

        // Act
        var message = ServiceBusEventSink.ToMessage(OutboxRows.Read((Azure.Data.Tables.TableEntity)OutboxRows.Add("p", "x", 1, 0, e).Entity));

        // Assert
        Assert.False(message.ApplicationProperties.ContainsKey("cloudEvents:traceparent"));
    }
}
