using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// POST /api/breaches: reads a draft (<see cref="BreachDraftParser"/>, against the configured registries) and stores it,
/// drafted by the caller, named as their token names them.
/// </summary>
public sealed class BreachDrafting(BreachService service, IOptions<HubOptions> hub, TimeProvider clock)
{
    /// <summary>The stored draft, or the body's errors (then nothing is stored).</summary>
    public async Task<(BreachCampaign? Campaign, IReadOnlyList<FieldError> Errors)> DraftAsync(JsonElement body, HubCaller caller, CancellationToken cancellationToken)
    {
        var (draft, errors) = BreachDraftParser.Parse(body, hub.Value.Registries.Keys.ToHashSet(StringComparer.Ordinal), BreachService.ActorOf(caller), clock.GetUtcNow());
        if (draft is null)
        {
            return (null, errors);
        }
        // Who drafted it, by name as well (the parser knows the actor only).
        draft = draft with { Campaign = draft.Campaign with { Audit = [.. draft.Campaign.Audit.Select(a => a with { ActorName = caller.UserName })] } };
        return (await service.CreateAsync(draft, cancellationToken), []);
    }
}
