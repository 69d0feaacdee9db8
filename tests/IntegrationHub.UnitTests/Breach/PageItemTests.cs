using IntegrationHub.Core.Breach;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>The audience row key "c|{registry}|{escaped citizen}" (TableBreachStore) read back by a page's item.</summary>
public sealed class PageItemTests
{
    private static PageItem Item(string key) => new() { Key = key, Language = "nb", Channel = "letter" };

    [Fact]
    public void RegistryAndCitizenId_AWellFormedKey_AreItsTwoParts()
    {
        var item = Item("c|nav|cit-123");

        Assert.Equal("nav", item.Registry);
        Assert.Equal("cit-123", item.CitizenId);
    }

    [Fact]
    public void CitizenId_AnEscapedBarInTheCitizen_IsUnescaped_AndTheRegistryStopsAtTheSecondSeparator()
    {
        // As TableBreachStore writes it: the citizen part escaped, so its '|' is "%7C" and no separator.
        var item = Item("c|jobnet|" + Uri.EscapeDataString("a|b c"));

        Assert.Equal("c|jobnet|a%7Cb%20c", item.Key);
        Assert.Equal("jobnet", item.Registry);
        Assert.Equal("a|b c", item.CitizenId);
    }

    [Fact]
    public void CitizenId_ARawBarAfterTheSecondSeparator_BelongsToTheCitizen()
    {
        var item = Item("c|werk|a|b");

        Assert.Equal("werk", item.Registry);
        Assert.Equal("a|b", item.CitizenId);
    }

    [Fact]
    public void RegistryAndCitizenId_AKeyWithOneSeparator_NameTheRestAsRegistry_AndNoCitizen()
    {
        var item = Item("c|nav");

        Assert.Equal("nav", item.Registry);
        Assert.Equal("A page item key names no citizen.", Assert.Throws<InvalidOperationException>(() => item.CitizenId).Message);
    }

    [Fact]
    public void RegistryAndCitizenId_AKeyWithNoSeparator_Throw()
    {
        var item = Item("malformed");

        Assert.Equal("A page item key names no registry.", Assert.Throws<InvalidOperationException>(() => item.Registry).Message);
        Assert.Equal("A page item key names no citizen.", Assert.Throws<InvalidOperationException>(() => item.CitizenId).Message);
    }

    [Fact]
    public void RegistryAndCitizenId_EmptyParts_AreEmpty()
    {
        var item = Item("c||");

        Assert.Equal("", item.Registry);
        Assert.Equal("", item.CitizenId);
    }
}
