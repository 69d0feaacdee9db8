using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// The keyed hash that names an erased citizen: HMAC-SHA256(key, registry + "\n" + citizen id), hex. Without the key a
/// tombstone cannot be matched to a person by hashing guessed ids (citizen ids are often national numbers, few enough to enumerate).
/// </summary>
public sealed class TombstoneKeys(IOptions<ErasureOptions> options)
{
    private readonly byte[] _key = Convert.FromBase64String(options.Value.TombstoneKey is { Length: > 0 } k ? k : ErasureOptions.DevelopmentKey);

    public string For(string registry, string citizenId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(registry + "\n" + citizenId)));
}
