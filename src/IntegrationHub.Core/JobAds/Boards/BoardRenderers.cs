using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

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
