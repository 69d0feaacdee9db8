using System.Net;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Erasure;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Erasure;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Erasure;

/// <summary>
/// An erasure that dies part-way (a fault injected after the CV and visibility stores are done) is finished by the
/// queued resume: nothing half-erased is left behind, and the job row goes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ErasureCrashTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>Throws once, after the named step: the process "dies" there.</summary>
    private sealed class CrashOnce(string step) : ErasureFaults
    {
        public int Crashes;

        public override void AfterStep(string done)
        {
            if (done == step && Interlocked.Exchange(ref Crashes, 1) == 0)
            {
                throw new InvalidOperationException("Injected crash after " + step);
            }
        }
    }

    private readonly CrashOnce _faults = new(CitizenErasure.Steps.Visibility);
    private HubTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await HubTestHost.StartAsync(azurite, services: s => s.AddSingleton<ErasureFaults>(_faults));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Erasure_CrashAfterSomeStores_QueuedResumeCompletesIt()
    {
        // Arrange
        var nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var (citizen, _, needles) = await CitizenErasureTests.MarkedCitizenAsync(nav,
            _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite), _host.EmployerPerson());
        var probe = new StorageProbe(azurite.ConnectionString, _host.Prefix);

        // Act: the request (or the queued copy racing it) crashes after the visibility step
        var response = await nav.DeleteAsync($"api/citizens/{citizen}");

        // Assert: the crash happened, and the resume finished the job: no job row, no trace.
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.InternalServerError, response.StatusCode.ToString());
        Assert.Equal(1, _faults.Crashes);
        List<string> hits = [];
        for (var i = 0; i < 120 && (hits = await StorageScan.FindAsync(azurite, _host.Prefix, needles)).Count > 0; i++)
        {
            await Task.Delay(1000);
        }
        Assert.True(hits.Count == 0, "left after the resume: " + string.Join(", ", hits));
        Assert.DoesNotContain(await probe.EntitiesAsync(ErasureTables.ErasuresTable), e => e.RowKey.StartsWith("job|", StringComparison.Ordinal));
        Assert.Single(await probe.EntitiesAsync(ErasureTables.ErasuresTable), e => e.RowKey.StartsWith("t|", StringComparison.Ordinal));
    }
}
