using System.Net;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Erasure;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Erasure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IntegrationHub.IntegrationTests.Erasure;

/// <summary>
/// An erasure that dies part-way (a fault injected after the CV and visibility stores are done) is finished by the
/// queued resume: nothing half-erased is left behind, and the job row goes.
/// </summary>
/// <remarks>
/// Waits for outcomes, not for a time: which runner crashes (the request or the queued copy racing it) and when the
/// resume runs (a queue poll of up to 2 s, or the crashed message's 5 s visibility timeout, host.json) vary, and on two
/// cores shared by several test runs a scan of every store takes seconds. Each wait has one deadline on the wall clock,
/// long enough for a loaded machine, and its failure names what was still missing and the phases' times.
/// </remarks>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class ErasureCrashTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The resume's deadline: seconds of work normally, minutes on a loaded machine (it was 120 scans, however long each took).</summary>
    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromMinutes(3);

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
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var (citizen, _, needles) = await CitizenErasureTests.MarkedCitizenAsync(nav,
            _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite), _host.EmployerPerson());
        var probe = new StorageProbe(azurite.ConnectionString, _host.Prefix);
        var seeded = clock.Elapsed;

        // Act: the request (or the queued copy racing it) crashes after the visibility step
        var response = await nav.DeleteAsync($"api/citizens/{citizen}");
        var answered = clock.Elapsed;

        // Assert: the crash happened, and the resume finished the job: no job row, no trace. The crash may be the queued
        // copy's, a moment after the request answered 204, and the resume runs after a poll: wait for all three.
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.InternalServerError, response.StatusCode.ToString());
        List<string> hits = [];
        var jobs = 0;
        var scans = 0;
        var deadline = DateTime.UtcNow + ResumeDeadline;
        do
        {
            if (scans++ > 0)
            {
                await Task.Delay(1000);
            }
            hits = await StorageScan.FindAsync(azurite, _host.Prefix, needles);
            if (scans == 1)
            {
                output.WriteLine("left by the crash: " + string.Join(", ", hits));
            }
            jobs = (await probe.EntitiesAsync(ErasureTables.ErasuresTable)).Count(e => e.RowKey.StartsWith("job|", StringComparison.Ordinal));
        }
        while ((Volatile.Read(ref _faults.Crashes) == 0 || hits.Count > 0 || jobs > 0) && DateTime.UtcNow < deadline);
        var times = $"seeded in {seeded.TotalSeconds:F1} s, answered {response.StatusCode} after {(answered - seeded).TotalSeconds:F1} s, "
            + $"settled after {(clock.Elapsed - answered).TotalSeconds:F1} s and {scans} scan(s)";
        output.WriteLine(times);
        Assert.True(Volatile.Read(ref _faults.Crashes) == 1, "no runner crashed after the visibility step; " + times);
        Assert.True(hits.Count == 0, "left after the resume: " + string.Join(", ", hits) + "; " + times);
        Assert.True(jobs == 0, "the job row is still there; " + times);
        Assert.Single(await probe.EntitiesAsync(ErasureTables.ErasuresTable), e => e.RowKey.StartsWith("t|", StringComparison.Ordinal));
    }
}
