using IntegrationHub.Core.Retention;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Retention;

/// <summary>
/// The purge as the host composes it: every port it asks (the breach ledger's and the job ads' retention among them) is
/// answered by some module's registration, so the timer's first tick cannot fail on a missing service.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetentionWiringTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    [Fact]
    public async Task Purge_AsTheHostComposesIt_ResolvesAndRunsAPass()
    {
        // Act
        var removed = await Host.Services.GetRequiredService<IRetentionPurge>().RunOnceAsync(CancellationToken.None);

        // Assert: a fresh hub has nothing to remove.
        Assert.Empty(removed);
    }
}
