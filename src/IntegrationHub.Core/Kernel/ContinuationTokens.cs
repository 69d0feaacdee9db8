using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// Seals the position a paged answer continues from (a search index row key, a feed row key) into an opaque token, and
/// opens only tokens this hub sealed, for the same purpose, within their lifetime. A caller can neither read the
/// position (a search row key is a CV id with its exact activity time) nor forge one (issue 15, ADR 0021).
/// </summary>
/// <remarks>
/// AES-256-GCM: authenticated encryption, so the tag does what an HMAC would (nothing altered or made up opens) and the
/// content is unreadable as well; an HMAC alone would sign a readable token. The key is derived with HKDF-SHA256 from
/// the configured secret. Layout, base64url: version (1) | key id (4) | issued, unix seconds (8) | nonce (12) |
/// ciphertext | tag (16); the purpose and the header are the associated data. The key id lets a token name the key that
/// sealed it, so a rotation keeps the previous key's tokens working until <see cref="TokenOptions.PreviousKeyValidUntil"/>.
/// </remarks>
public sealed class ContinuationTokens
{
    private const byte Version = 1;
    private const int HeaderLength = 1 + 4 + 8;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("IntegrationHub continuation tokens v1");

    private readonly Key _current;
    private readonly Key? _previous;
    private readonly DateTimeOffset _previousUntil;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _clock;

    public ContinuationTokens(IOptions<TokenOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        _clock = clock;
        _lifetime = TimeSpan.FromMinutes(settings.LifetimeMinutes);
        // Development without a key (checked at start): a random key per process, so tokens do not outlive it.
        _current = new Key(TryDecodeKey(settings.SigningKey, out var current) ? current : RandomNumberGenerator.GetBytes(TokenOptions.MinKeyBytes));
        if (TryDecodeKey(settings.PreviousSigningKey, out var previous))
        {
            _previous = new Key(previous);
            _previousUntil = settings.PreviousKeyValidUntil ?? DateTimeOffset.MinValue;
        }
    }

    public static bool TryDecodeKey(string? base64, out byte[] key)
    {
        key = [];
        if (string.IsNullOrEmpty(base64))
        {
            return false;
        }
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var written) || written < TokenOptions.MinKeyBytes)
        {
            return false;
        }
        key = buffer[..written];
        return true;
    }

    /// <summary>An opaque token for <paramref name="value"/>, good for <paramref name="purpose"/> only.</summary>
    public string Seal(string purpose, string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var token = new byte[HeaderLength + NonceLength + plain.Length + TagLength];
        token[0] = Version;
        _current.Id.CopyTo(token, 1);
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(5, 8), _clock.GetUtcNow().ToUnixTimeSeconds());
        var nonce = token.AsSpan(HeaderLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.Secret, TagLength);
        aes.Encrypt(nonce, plain, token.AsSpan(HeaderLength + NonceLength, plain.Length), token.AsSpan(token.Length - TagLength),
            AssociatedData(purpose, token.AsSpan(0, HeaderLength)));
        return Base64Url(token);
    }

    /// <summary>The value sealed in <paramref name="token"/>, or null when it is not a token of this hub for this purpose, or expired.</summary>
    public string? Open(string purpose, string token)
    {
        var bytes = FromBase64Url(token);
        if (bytes is null || bytes.Length < HeaderLength + NonceLength + TagLength || bytes[0] != Version)
        {
            return null;
        }
        var now = _clock.GetUtcNow();
        var key = bytes.AsSpan(1, 4).SequenceEqual(_current.Id) ? _current
            : _previous is { } previous && bytes.AsSpan(1, 4).SequenceEqual(previous.Id) && now <= _previousUntil ? previous
            : null;
        if (key is null)
        {
            return null;
        }
        var issued = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(5, 8));
        var plain = new byte[bytes.Length - HeaderLength - NonceLength - TagLength];
        try
        {
            using var aes = new AesGcm(key.Secret, TagLength);
            aes.Decrypt(bytes.AsSpan(HeaderLength, NonceLength), bytes.AsSpan(HeaderLength + NonceLength, plain.Length), bytes.AsSpan(bytes.Length - TagLength), plain,
                AssociatedData(purpose, bytes.AsSpan(0, HeaderLength)));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        // Checked after the tag: the time is only trusted once the token is known to be the hub's.
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(issued, 0, 253402300799));
        return age < TimeSpan.FromMinutes(-5) || age > _lifetime ? null : Encoding.UTF8.GetString(plain);
    }

    private static byte[] AssociatedData(string purpose, ReadOnlySpan<byte> header)
    {
        var name = Encoding.UTF8.GetBytes(purpose);
        var data = new byte[name.Length + 1 + header.Length];
        name.CopyTo(data, 0);
        header.CopyTo(data.AsSpan(name.Length + 1));
        return data;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length > 2048 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return null;
        }
        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>A key derived from the configured secret, and its id (the first 4 bytes of its SHA-256).</summary>
    private sealed class Key
    {
        public Key(byte[] secret)
        {
            Secret = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: Info);
            Id = SHA256.HashData(Secret)[..4];
        }

        public byte[] Secret { get; }

        public byte[] Id { get; }
    }
}
