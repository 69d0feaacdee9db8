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

    /// <summary>The registry, from the key "c|{registry}|{citizen}" (what <c>Split('|', 3)[1]</c> gave, without the array).</summary>
    public string Registry => Separators() switch
    {
        (< 0, _) => throw new InvalidOperationException("A page item key names no registry."),
        (var first, < 0) => Key[(first + 1)..],
        (var first, var second) => Key[(first + 1)..second],
    };

    /// <summary>The citizen id, from the key (unescaped).</summary>
    public string CitizenId => Separators() is (_, >= 0 and var second)
        ? Uri.UnescapeDataString(Key[(second + 1)..])
        : throw new InvalidOperationException("A page item key names no citizen.");

    /// <summary>
    /// Where the key's first two '|' are (-1 for one missing): the one parse both accessors read. The citizen part is
    /// escaped when the key is written (TableBreachStore), so a '|' of a citizen id is no separator.
    /// </summary>
    private (int First, int Second) Separators()
    {
        var first = Key.IndexOf('|', StringComparison.Ordinal);
        return (first, first < 0 ? -1 : Key.IndexOf('|', first + 1));
    }

    public static PageItem From(string key, AudienceMember member) =>
        new() { Key = key, Language = member.Language, Channel = member.Channel, CvId = member.CvId, SeenBy = member.SeenBy, SeenCategories = member.SeenCategories };
}
