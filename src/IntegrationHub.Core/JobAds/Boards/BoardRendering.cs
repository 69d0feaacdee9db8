using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>The boards the hub publishes to, by id.</summary>
public static class BoardIds
{
    public const string Nav = "nav";
    public const string Jobnet = "jobnet";
    public const string Finn = "finn";
    public const string Eures = "eures";

    public static IReadOnlyList<string> All { get; } = [Nav, Jobnet, Finn, Eures];

    /// <summary>The boards the hub pushes to through a queue each. EURES is not one: it pulls (ADR 0016).</summary>
    public static IReadOnlyList<string> Pushed { get; } = [Nav, Jobnet, Finn];
}

/// <summary>
/// An ad in one board's format, or why that board cannot take it. <see cref="Hash"/> identifies the content: an update
/// is pushed again only to boards whose rendering hash changed.
/// </summary>
public sealed record BoardRendering(string Board, string Content, string ContentType, IReadOnlyList<string> Problems)
{
    public string Hash { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content)));

    public bool IsValid => Problems.Count == 0;
}

/// <summary>Translates the canonical ad into one board's format and checks it against that board's rules. Pure.</summary>
public interface IBoardRenderer
{
    string Board { get; }

    /// <param name="adId">The hub's id of the ad (the board-side key where the board lets the sender choose one).</param>
    /// <param name="ad">Sanitised, with its occupation codes completed.</param>
    BoardRendering Render(string adId, JobAdDocument ad);
}

public static class BoardRenderers
{
    public static IReadOnlyList<IBoardRenderer> All { get; } = [new NavRenderer(), new JobnetRenderer(), new FinnRenderer(), new EuresRenderer()];

    public static IBoardRenderer For(string board) =>
        All.FirstOrDefault(r => r.Board == board) ?? throw new ArgumentException($"No renderer for board '{board}'.", nameof(board));

    /// <summary>A well-formed UTF-8 XML document (with its declaration) written by <paramref name="write"/>.</summary>
    internal static string Xml(Action<System.Xml.XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = System.Xml.XmlWriter.Create(buffer, new System.Xml.XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static string LocalDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    internal static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
