using System.Text.Json;
using IntegrationHub.Core.Breach;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>The typed view replaced an anonymous object (ADR 0028): its JSON must keep the names and nesting callers read.</summary>
public sealed class BreachCampaignViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void From_SerializedAsTheApiDoes_KeepsThePropertyNamesCallersRead()
    {
        // Arrange
        var campaign = new BreachCampaign
        {
            Id = "k2v7q9x4m1c8d3f6",
            Title = "t",
            Description = "d",
            DetectedAt = Now,
            WindowFrom = Now.AddDays(-2),
            WindowTo = Now.AddDays(-1),
            DataCategories = ["cv-text"],
            Selector = new BreachSelector { Kind = BreachSelectorKinds.AccessLog, Party = "employer:acme" },
            FallbackLanguage = "en",
            LetterLanguages = ["nb", "en"],
            ChannelPolicy = new BreachChannelPolicy { Channels = ["paper"] },
            Status = BreachStatus.Draft,
            CreatedAt = Now,
            Audit = [new BreachAction("dry-run", "u1", Now)],
            Audience = new BreachAudienceSummary
            {
                RunId = "run", CompletedAt = Now, Citizens = 2, Records = 3, UnresolvedCvs = 0,
                ByRegistry = [new BreachCount("nav", 2)], ByLanguage = [], ByChannel = [], ByProtectedStatus = [],
            },
            ETag = "W/\"1\"",
        };

        // Act: ASP.NET Core's defaults for an ObjectResult (camelCase, nulls written).
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(BreachCampaignView.From(campaign), Web));
        var root = json.RootElement;

        // Assert
        Assert.Equal(
            ["id", "title", "description", "status", "detectedAt", "window", "dataCategories", "likelyConsequences", "measuresTaken",
             "likelyConsequencesByLanguage", "measuresTakenByLanguage", "selector", "letters", "channelPolicy", "createdAt", "approvedBy", "reportFiled", "audience", "audit", "progress"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["from", "to"], root.GetProperty("window").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["fallback", "languages"], root.GetProperty("letters").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["kind", "party", "registry", "fact", "citizenCount"], root.GetProperty("selector").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["action", "by", "name", "at"], root.GetProperty("audit")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, root.GetProperty("audience").GetProperty("byRegistry").GetProperty("nav").GetInt64());
        Assert.Equal("2026-02-05T12:00:00+00:00", root.GetProperty("audience").GetProperty("countedAt").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("progress").ValueKind);
        Assert.False(root.TryGetProperty("eTag", out _));
    }
}
