using System.Security.Cryptography;

namespace IntegrationHub.Core.Kernel;

/// <summary>Identifiers that cannot be guessed or enumerated.</summary>
public static class HubIds
{
    /// <summary>128 random bits as 26 lower-case base32 characters.</summary>
    public static string NewRandomId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base32(bytes);
    }

    /// <summary>Time-ordered id for messages and events (sortable, still unique).</summary>
    public static string NewMessageId() => Guid.CreateVersion7().ToString("N");

    private static string Base32(ReadOnlySpan<byte> data)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        Span<char> chars = stackalloc char[(data.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            chars[index++] = alphabet[(buffer << (5 - bits)) & 31];
        }
        return new string(chars[..index]);
    }

    /// <summary>True when <paramref name="value"/> has the shape of an id made by <see cref="NewRandomId"/>.</summary>
    public static bool IsRandomId(string? value) =>
        value is { Length: 26 } && value.All(c => c is >= 'a' and <= 'z' or >= '2' and <= '7');
}
