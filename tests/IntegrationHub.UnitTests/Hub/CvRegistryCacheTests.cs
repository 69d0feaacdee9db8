using IntegrationHub.Storage.Common;

namespace IntegrationHub.UnitTests.Hub;

/// <summary>Which registry a CV id belongs to (issue 18): a view asks only the registry the id is known to belong to.</summary>
public sealed class CvRegistryCacheTests
{
    [Fact]
    public void BelongsElsewhere_KnownId_TrueOnlyForOtherRegistries()
    {
        var cache = new CvRegistryCache();

        cache.Learn("abcdefghijklmnopqrstuvwxyz", "nav");

        Assert.True(cache.BelongsElsewhere("abcdefghijklmnopqrstuvwxyz", "jobnet"));
        Assert.False(cache.BelongsElsewhere("abcdefghijklmnopqrstuvwxyz", "nav"));
    }

    [Fact]
    public void BelongsElsewhere_UnknownId_IsFalse_SoEveryRegistryIsAsked()
    {
        var cache = new CvRegistryCache();

        Assert.False(cache.BelongsElsewhere("abcdefghijklmnopqrstuvwxyz", "nav"));
    }

    [Fact]
    public void Learn_PastCapacity_StartsAfresh_AndKeepsTheNewestId()
    {
        var cache = new CvRegistryCache();
        for (var i = 0; i < CvRegistryCache.Capacity; i++)
        {
            cache.Learn("id" + i, "nav");
        }

        cache.Learn("newest", "werk");

        Assert.False(cache.BelongsElsewhere("id0", "jobnet"));
        Assert.True(cache.BelongsElsewhere("newest", "nav"));
    }

    [Fact]
    public void Learn_AKnownIdAgain_DoesNotCountTowardsCapacity()
    {
        var cache = new CvRegistryCache();
        for (var i = 0; i <= CvRegistryCache.Capacity; i++)
        {
            cache.Learn("same", "nav");
        }

        cache.Learn("other", "werk");

        Assert.True(cache.BelongsElsewhere("same", "werk"));
        Assert.True(cache.BelongsElsewhere("other", "nav"));
    }
}
