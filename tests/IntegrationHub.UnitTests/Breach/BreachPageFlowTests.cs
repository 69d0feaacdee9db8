using IntegrationHub.Core.Breach;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>The planner's wake (ADR 0056): it returns once enough pages are done here, or at the timeout for pages done elsewhere.</summary>
public sealed class BreachPageFlowTests
{
    [Fact]
    public async Task Wait_PagesDoneHere_ReturnsWithoutTheTimeout()
    {
        var (flow, clock) = (new BreachPageFlow(), new FakeTimeProvider());
        var seen = flow.Done;
        var waiting = flow.WaitAsync(seen, 2, TimeSpan.FromSeconds(1), clock, CancellationToken.None);

        flow.PageDone();
        Assert.False(waiting.IsCompleted);
        flow.PageDone();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, flow.Done);
    }

    [Fact]
    public async Task Wait_NoPageDone_ReturnsAtTheTimeout()
    {
        var (flow, clock) = (new BreachPageFlow(), new FakeTimeProvider());
        var waiting = flow.WaitAsync(flow.Done, 1, TimeSpan.FromSeconds(1), clock, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Wait_PagesDoneBeforeTheWait_ReturnsAtOnce()
    {
        // Pages done during the look (after "seen" was read) count: the planner does not sleep through them.
        var (flow, clock) = (new BreachPageFlow(), new FakeTimeProvider());
        var seen = flow.Done;
        flow.PageDone();

        await flow.WaitAsync(seen, 1, TimeSpan.FromHours(1), clock, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
