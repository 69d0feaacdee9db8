using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>One citizen of a page, compact: the audience row key (registry and escaped citizen id), letter language, channel, CV.</summary>
public sealed record PageItem
{
    [System.Text.Json.Serialization.JsonPropertyName("k")]
    public required string Key { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("l")]
    public required string Language { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("c")]
    public required string Channel { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("v")]
    public string? CvId { get; init; }

    /// <summary>Who read the CV, from the dry run (<see cref="AudienceMember.SeenBy"/>).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("s")]
    public IReadOnlyList<string>? SeenBy { get; init; }

    /// <summary>What those reads held (<see cref="AudienceMember.SeenCategories"/>).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("d")]
    public IReadOnlyList<string>? SeenCategories { get; init; }

    /// <summary>The registry, from the key "c|{registry}|{citizen}".</summary>
    public string Registry => Key.Split('|', 3)[1];

    /// <summary>The citizen id, from the key (unescaped).</summary>
    public string CitizenId => Uri.UnescapeDataString(Key.Split('|', 3)[2]);

    public static PageItem From(string key, AudienceMember member) =>
        new() { Key = key, Language = member.Language, Channel = member.Channel, CvId = member.CvId, SeenBy = member.SeenBy, SeenCategories = member.SeenCategories };
}
