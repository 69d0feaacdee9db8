using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// POST /api/breaches/{breachId}/report-filed: records that the report to the supervisory authority is filed (GDPR
/// art. 33), and signals that the campaign's hold has ended so the erasures it kept open finish now.
/// </summary>
public sealed class BreachReportFiling(IBreachStore store, BreachService service, ILegalHoldEnded holds, IOptions<ClockOptions> clockOptions, TimeProvider clock)
{
    /// <summary>The outcome, or the body's errors (then nothing is stored); NotFound before the body is judged.</summary>
    public async Task<(BreachResult? Result, IReadOnlyList<FieldError> Errors)> FileAsync(string breachId, JsonElement body, HubCaller caller, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(breachId, cancellationToken) is not { } campaign)
        {
            return (new BreachResult(BreachOutcome.NotFound), []);
        }
        var (reference, filedAt, errors) = ReportFiledParser.Parse(body, clock.GetUtcNow(), clockOptions.Value.MaxFutureSkew, campaign.DetectedAt);
        if (reference is null)
        {
            return (null, errors);
        }
        var result = await service.ReportFiledAsync(breachId, reference, filedAt, caller, cancellationToken);
        if (result.Outcome == BreachOutcome.Ok)
        {
            await holds.HoldEndedAsync(cancellationToken);
        }
        return (result, []);
    }
}
