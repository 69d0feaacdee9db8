using System.Text.Json;
using CsCheck;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.UnitTests.Cvs;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json, string? omit = null) =>
        System.Text.Encoding.UTF8.GetString(CanonicalJson.Write(JsonDocument.Parse(json).RootElement, omit));

    [Fact]
    public void Write_PropertyOrderAndWhitespace_DoNotMatter()
    {
        Assert.Equal(Canonical("{\"b\":1,\"a\":{\"d\":[1,2],\"c\":\"x\"}}"), Canonical("{ \"a\" : { \"c\":\"x\", \"d\":[ 1, 2 ] },\n \"b\":1 }"));
    }

    [Fact]
    public void Write_ArrayOrder_Matters()
    {
        Assert.NotEqual(Canonical("{\"a\":[1,2]}"), Canonical("{\"a\":[2,1]}"));
    }

    [Fact]
    public void Write_OmittedTopLevelProperty_IsLeftOutOnlyAtTheTop()
    {
        Assert.Equal("{\"a\":{\"version\":2}}", Canonical("{\"version\":1,\"a\":{\"version\":2}}", omit: "version"));
    }

    /// <summary>The form before issue 18's rewrite (LINQ's OrderBy, a fresh buffer): stored content hashes were made so.</summary>
    private static byte[] Reference(JsonElement root, string? omit)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = true }))
        {
            void Write(JsonElement element, string? skip)
            {
                switch (element.ValueKind)
                {
                    case JsonValueKind.Object:
                        writer.WriteStartObject();
                        foreach (var property in element.EnumerateObject().Where(p => skip is null || p.Name != skip).OrderBy(p => p.Name, StringComparer.Ordinal))
                        {
                            writer.WritePropertyName(property.Name);
                            Write(property.Value, null);
                        }
                        writer.WriteEndObject();
                        break;
                    case JsonValueKind.Array:
                        writer.WriteStartArray();
                        foreach (var item in element.EnumerateArray())
                        {
                            Write(item, null);
                        }
                        writer.WriteEndArray();
                        break;
                    default:
                        element.WriteTo(writer);
                        break;
                }
            }
            Write(root, omit);
        }
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Write_RandomDocumentsWithAnyKeys_GiveTheSameBytesAsBeforeTheRewrite()
    {
        // Keys that sort differently as UTF-8 bytes and as UTF-16 (U+E000-U+FFFF against characters beyond U+FFFF),
        // written raw and as escapes, repeated, and the omitted name at every level (CsCheck prints the smallest failure).
        string[] keys = ["a", "b", "version", "\\u0061", "\uE000", "\uFFFD", "\ud83d\ude00", "\\ud83d\\ude00", "\\uE000", "~/", "\\\"q", "\u00e6", "\\u00e6", "", "a\\u0000"];
        var key = Gen.OneOf(keys.Select(Gen.Const).ToArray()).Array[1, 3].Select(string.Concat);
        var value = Gen.Recursive<string>((depth, self) => depth >= 3
            ? Gen.OneOf(Gen.Const("1"), Gen.Const("\"x\\u00e6\""), Gen.Const("null"))
            : Gen.Frequency(
                (2, Gen.OneOf(Gen.Const("1.50"), Gen.Const("\"x\\u00e6\\ud83d\\ude00\""), Gen.Const("true"))),
                (1, self.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
                (2, Gen.Select(key, self).Array[0, 5].Select(members => "{" + string.Join(",", members.Select(m => $"\"{m.Item1}\":{m.Item2}")) + "}"))));

        Gen.Select(value, Gen.OneOf(Gen.Const(""), Gen.Const("version"), Gen.Const("a")).Select(o => o.Length == 0 ? null : o)).Sample((json, omit) =>
        {
            using var document = JsonDocument.Parse(json);
            Assert.Equal(Reference(document.RootElement, omit), CanonicalJson.Write(document.RootElement, omit));
        }, iter: 3000, threads: 1);
    }

    [Theory]
    [InlineData("contracts/examples/cv.json")]
    [InlineData("contracts/examples/jobad.json")]
    public void Write_Examples_GiveTheSameBytesAsBeforeTheRewrite_AlsoWhenRepeatedOnOneThread(string example)
    {
        // Arrange
        var root = Path.Combine(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root, "IntegrationHub.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, example)));

        // Act
        var first = CanonicalJson.Write(document.RootElement, "version");
        using var small = JsonDocument.Parse("{\"z\":\"\u00f8\",\"\u00e5\":1,\"a\":[{\"b\":2,\"a\":1,\"a\":0}]}");
        var smallBytes = CanonicalJson.Write(small.RootElement);
        var again = CanonicalJson.Write(document.RootElement, "version");

        // Assert
        Assert.Equal(Reference(document.RootElement, "version"), first);
        Assert.Equal(first, again);
        Assert.Equal(Reference(small.RootElement, null), smallBytes);
        Assert.StartsWith("{\"a\":[{\"a\":1,\"a\":0,\"b\":2}],\"z\":", System.Text.Encoding.UTF8.GetString(smallBytes), StringComparison.Ordinal);
    }
}
