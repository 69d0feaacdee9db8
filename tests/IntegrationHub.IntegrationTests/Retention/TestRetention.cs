using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Retention;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.JobAds;
using IntegrationHub.Storage.Retention;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Retention;

/// <summary>The retention purge over one test's storage, with every store it purges wired as the host wires them.</summary>
internal static class TestRetention
{
    public static RetentionPurge Purge(HubStorage storage, IOptions<HubOptions> hub, TimeProvider clock, RetentionOptions? options = null) => new(
        new TableAccessLog(storage, hub), new TableVisibilityStateStore(storage, hub), new TableBoardFeedStore(storage),
        new TableBreachDeliveryStore(storage), new TableJobAdRetention(storage),
        new BreachLegalHolds(new TableBreachStore(storage), new TableBreachDeliveryStore(storage)), storage,
        Options.Create(options ?? new RetentionOptions()), hub, clock, NullLogger<RetentionPurge>.Instance);
}

/// <summary>A clock that stays at one moment.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A clock a test moves.</summary>
internal sealed class SettableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
