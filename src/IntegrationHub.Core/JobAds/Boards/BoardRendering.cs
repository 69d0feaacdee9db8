using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>
/// An ad in one board's format, or why that board cannot take it. <see cref="Hash"/> identifies the content: an update
/// is pushed again only to boards whose rendering hash changed.
/// </summary>
public sealed record BoardRendering(string Board, string Content, string ContentType, IReadOnlyList<string> Problems)
{
    public string Hash { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content)));

    public bool IsValid => Problems.Count == 0;
}
