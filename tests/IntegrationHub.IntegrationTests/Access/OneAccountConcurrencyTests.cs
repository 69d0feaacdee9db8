using System.Globalization;
using System.Net;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>
/// One employer account read by one person from many concurrent callers (a recruitment agency's busy desk; the access
/// bench's "one account" phase), well under every limit: each view is served and counted exactly once. The account's and
/// the person's counter rows are ETag-guarded; before the guard queued an instance's own admissions per account, the
/// callers raced each other on those rows and the losers of 8 races in a row were refused with 429 `concurrency`.
/// </summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class OneAccountConcurrencyTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private const int Callers = 24;

    [Fact]
    public async Task View_ManyConcurrentCallersOfOneAccountUnderTheLimits_AreAllServed_AndCountedOnceEach()
    {
        // Arrange: a few CVs employers may see, and the default limits (24 views are well under every one of them).
        var cvs = await Seed.VisibleCvsAsync(
            Nav, Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite), Host.ClientFor(HubTestHost.PrivacyConsoleClient, HubRoles.BreachManage), 4);
        var limits = Host.Services.GetRequiredService<IOptions<AccessOptions>>().Value;
        Assert.True(Callers * 2 <= limits.UserPerMinute && Callers * 2 <= limits.AccountPerMinute, "the test must stay well under the per-minute limits");
        var employers = Enumerable.Range(0, Callers).Select(_ => Host.EmployerPerson()).ToArray();

        // Act: every caller views at once, all as the same person of the same account.
        using var go = new SemaphoreSlim(0);
        var views = employers.Select(async (employer, i) =>
        {
            await go.WaitAsync();
            using var response = await employer.GetAsync($"api/cvs/{cvs[i % cvs.Count]}");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToArray();
        go.Release(Callers);
        var answers = await Task.WhenAll(views);

        // Assert: all served, and the account's and the person's rows counted each view once (no lost or doubled count).
        Assert.All(answers, a => Assert.True(a.StatusCode == HttpStatusCode.OK, $"{(int)a.StatusCode}: {a.Body}"));
        var counters = Host.Services.GetRequiredService<IAccessCounters>();
        var day = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        Assert.Equal(Callers, (await counters.ReadAsync("employer:acme", day, CancellationToken.None)).DayCount);
        Assert.Equal(Callers, (await counters.ReadAsync($"employer:acme|user:{HubTestHost.EmployerUser}", day, CancellationToken.None)).DayCount);
        foreach (var employer in employers)
        {
            employer.Dispose();
        }
    }
}
