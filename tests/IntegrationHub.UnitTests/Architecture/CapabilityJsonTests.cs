using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Architecture;

/// <summary>
/// Each capability's JSON context writes what the one central context (HubJson, removed by ADR 0035) wrote, byte for
/// byte: queue messages in flight, stored rows and outbound events are read by other instances and versions. The
/// expected strings were captured from HubJson at 4153696, before the split, for <see cref="WireSamples"/>.
/// </summary>
public sealed class CapabilityJsonTests
{
    private const string Tp = WireSamples.TraceParent;
    private const string At = "2026-12-05T06:30:15.123+00:00";

    public static TheoryData<string> Contexts => new(ContextsByName.Keys);

    private static readonly Dictionary<string, JsonSerializerContext> ContextsByName = new(StringComparer.Ordinal)
    {
        [nameof(CvsJson)] = CvsJson.Default,
        [nameof(VisibilityJson)] = VisibilityJson.Default,
        [nameof(AccessJson)] = AccessJson.Default,
        [nameof(JobAdsJson)] = JobAdsJson.Default,
        [nameof(BreachJson)] = BreachJson.Default,
        [nameof(ErasureJson)] = ErasureJson.Default,
    };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Context_GenerationOptions_AreTheCentralContextsToTheLastSetting(string name)
    {
        // Arrange: HubJson's JsonSourceGenerationOptions (camelCase, nulls left out, enums as their names), nothing else.
        var central = new JsonSourceGenerationOptionsAttribute
        {
            PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UseStringEnumConverter = true,
        };
        var context = ContextsByName[name];

        // Act
        var own = context.GetType().GetCustomAttributes(typeof(JsonSourceGenerationOptionsAttribute), inherit: false)
            .Cast<JsonSourceGenerationOptionsAttribute>().Single();

        // Assert: every setting, so one added to a single context is caught too.
        foreach (var setting in typeof(JsonSourceGenerationOptionsAttribute).GetProperties().Where(p => p.Name != nameof(Attribute.TypeId)))
        {
            Assert.True(Equals(setting.GetValue(central), setting.GetValue(own)), $"{name}.{setting.Name} differs from the central context's");
        }
        Assert.Same(JsonNamingPolicy.CamelCase, context.Options.PropertyNamingPolicy);
        Assert.Equal(JsonIgnoreCondition.WhenWritingNull, context.Options.DefaultIgnoreCondition);
    }

    [Fact]
    public void CvsJson_ChangesPageAndFindings_AreWhatHubJsonWrote()
    {
        AssertWire(WireSamples.CvChangesPage, CvsJson.Default.CvChangesPage,
            $$"""{"messageId":"m1","correlationId":"c1","registry":"nav","changes":[{"cvId":"cv-1","version":3,"operation":"upserted","citizenId":"citizen-1"},{"cvId":"cv-2","version":1,"operation":"deleted"}],"traceparent":"{{Tp}}"}""");
        AssertWire(WireSamples.NationalIdFindings, CvsJson.Default.ListNationalIdFinding,
            """[{"field":"summary","kind":"NorwegianFodselsnummer"},{"field":"experience[0].text","kind":"DanishCpr"}]""");
    }

    [Fact]
    public void VisibilityJson_EventsAndLedgerEntry_AreWhatHubJsonWrote()
    {
        AssertWire(WireSamples.Shown, VisibilityJson.Default.CvVisibilityChanged,
            $$"""{"registry":"nav","cvId":"cv-1","visibleToEmployers":true,"searchable":true,"presentation":"Anonymous","changedAt":"{{At}}"}""");
        AssertWire(WireSamples.Hidden, VisibilityJson.Default.CvVisibilityChanged,
            $$"""{"registry":"nav","cvId":"cv-1","visibleToEmployers":false,"searchable":false,"changedAt":"{{At}}"}""");
        AssertWire(WireSamples.InactivityNotice, VisibilityJson.Default.InactivityNotice,
            $$"""{"registry":"jobnet","citizenId":"citizen-1","cvId":"cv-1","notice":"reminder","lastActivity":"{{At}}"}""");
        AssertWire(WireSamples.CitizenEvent, VisibilityJson.Default.CitizenEvent,
            $$$"""{"id":"e1","registry":"jobnet","citizenId":"citizen-1","type":"consent.granted","source":"/citizen-portal","time":"{{{At}}}","facts":{"ConsentToEmployers":{"flag":true},"Publication":{"word":"anonymous"}},"sections":["experience"]}""");
    }

    [Fact]
    public void AccessJson_SecurityAlert_IsWhatHubJsonWrote() =>
        AssertWire(WireSamples.SecurityAlert, AccessJson.Default.SecurityAlert,
            $$"""{"incidentId":"inc-1","party":"employer-1","clientId":"client-1","rule":"daily","detectedAt":"{{At}}"}""");

    [Fact]
    public void JobAdsJson_DeliveryPageAndStatusEvent_AreWhatHubJsonWrote()
    {
        AssertWire(WireSamples.JobAdDeliveryPage, JobAdsJson.Default.JobAdDeliveryPage,
            $$"""{"messageId":"m1","correlationId":"c1","client":"ats","board":"nav","adIds":["ad-1","ad-2"],"traceparent":"{{Tp}}"}""");
        AssertWire(WireSamples.JobAdStatusChanged, JobAdsJson.Default.JobAdStatusChanged,
            $$"""{"client":"ats","adId":"ad-1","board":"nav","status":"published","attempts":2,"boardReference":"ref-1","version":4,"changedAt":"{{At}}","publishStatus":"ACTIVE"}""");
    }

    [Fact]
    public void BreachJson_MessagesRequestAndCounts_AreWhatHubJsonWrote()
    {
        // The page items also carry their computed registry and citizenId: HubJson wrote them, so the split keeps them.
        AssertWire(WireSamples.BreachDeliveryPage, BreachJson.Default.BreachDeliveryPage,
            $$"""{"messageId":"m1","correlationId":"c1","campaignId":"b1","runId":"r1","pageNo":7,"after":"","last":"c|nav|citizen-2","count":2,"items":[{"k":"c|nav|citizen-1","l":"nb","c":"default","v":"cv-1","s":["employer-1"],"d":["contact"],"registry":"nav","citizenId":"citizen-1"},{"k":"c|nav|citizen-2","l":"en","c":"secure","registry":"nav","citizenId":"citizen-2"}],"traceparent":"{{Tp}}"}""");
        AssertWire(WireSamples.RunBreachDryRun, BreachJson.Default.RunBreachDryRun,
            """{"messageId":"m1","correlationId":"c1","campaignId":"b1"}""");
        AssertWire(WireSamples.RegistryDeliveryRequest, BreachJson.Default.RegistryDeliveryRequest,
            """{"campaignId":"b1","citizenId":"citizen-1","idempotencyKey":"b1:citizen-1","channel":"default","preferredChannels":["digital","paper"],"language":"nb","subject":"Dine opplysninger","body":"Hei \u0022du\u0022 \u003Cb\u003E\u0026\u003C/b\u003E \u00E6\u00F8\u00E5"}""");
        AssertWire(WireSamples.BreachCounts, BreachJson.Default.BreachCountArray,
            """[{"key":"nb","count":3},{"key":"en","count":1}]""");
    }

    [Fact]
    public void ErasureJson_ResumeAndCvErased_AreWhatHubJsonWrote()
    {
        AssertWire(WireSamples.ResumeErasure, ErasureJson.Default.ResumeErasure, """{"registry":"nav","key":"k1"}""");
        AssertWire(WireSamples.CvErased, ErasureJson.Default.CvErased, $$"""{"registry":"nav","cvId":"cv-1","erasedAt":"{{At}}"}""");
    }

    /// <summary>The context writes exactly <paramref name="expected"/> (UTF-8 bytes), and reads it back to the same bytes.</summary>
    private static void AssertWire<T>(T value, JsonTypeInfo<T> typeInfo, string expected)
    {
        // Act
        var written = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var reread = JsonSerializer.SerializeToUtf8Bytes(JsonSerializer.Deserialize(written, typeInfo)!, typeInfo);

        // Assert
        Assert.Equal(expected, Encoding.UTF8.GetString(written));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), written);
        Assert.Equal(written, reread);
    }
}
