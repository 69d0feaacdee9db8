using System.Text.Json;
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
}
