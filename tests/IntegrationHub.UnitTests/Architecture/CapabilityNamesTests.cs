using IntegrationHub.Storage.Common;

namespace IntegrationHub.UnitTests.Architecture;

/// <summary>
/// Each capability names its own queues and tables (ADR 0035); the composed lists the hosts iterate hold the very names
/// the central lists held before the split (4153696), since the infrastructure, queued messages and stored rows use them.
/// </summary>
public sealed class CapabilityNamesTests
{
    [Fact]
    public void HubQueues_All_AreTheCentralListsNamesInItsOrder() =>
        Assert.Equal(["cv-changes", "jobads-nav", "jobads-jobnet", "jobads-finn", "breach-delivery", "breach-dryrun", "citizen-erasure"], HubQueues.All);

    [Fact]
    public void StorageNames_Tables_AreTheCentralListsNamesEachOnce()
    {
        // Arrange
        string[] central =
        [
            "Cvs", "CvFacts", "CitizenEvents", "Visibility", "OutboundEvents", "CvSearchManifest", "AccessLog", "AccessCounters", "Incidents",
            "BoardFeed", "JobAds", "Breaches", "BreachAudience", "BreachAudiencePacks", "BreachLedger", "Erasures",
            .. Enumerable.Range(0, 64).Select(i => $"CvSearch{i:D2}"),
        ];

        // Assert: the same names, none twice (the order is the modules' now; nothing reads it).
        Assert.Equal(central.Order(StringComparer.Ordinal), StorageNames.Tables.Order(StringComparer.Ordinal));
        Assert.Equal(StorageNames.Tables.Count, StorageNames.Tables.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void StorageNames_ContainersAndSearchIndex_AreTheCentralListsNames()
    {
        Assert.Equal(["cvs", "audit"], StorageNames.Containers);
        Assert.Equal(["CvSearchManifest", .. Enumerable.Range(0, 64).Select(i => $"CvSearch{i:D2}")], StorageNames.SearchIndexTables);
    }
}
