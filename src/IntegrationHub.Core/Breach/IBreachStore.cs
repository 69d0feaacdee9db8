namespace IntegrationHub.Core.Breach;

/// <summary>Storage of campaigns, their letters, uploaded lists and dry-run audiences.</summary>
public interface IBreachStore
{
    /// <summary>Stores the campaign, its letters and its citizen list together, or nothing.</summary>
    Task CreateAsync(BreachDraft draft, CancellationToken cancellationToken);

    Task<BreachCampaign?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<BreachCampaign>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the campaign if its ETag is still current; false when it changed meanwhile.</summary>
    Task<bool> TryUpdateAsync(BreachCampaign campaign, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, BreachLetter>> LettersAsync(string id, CancellationToken cancellationToken);

    /// <summary>The uploaded citizen ids, streamed in the stored chunks.</summary>
    IAsyncEnumerable<IReadOnlyList<string>> CitizenIdsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Writes audience members of one run; a member written twice (same registry and citizen, or CV) is one row.</summary>
    Task WriteAudienceAsync(string id, string runId, IReadOnlyList<AudienceMember> members, CancellationToken cancellationToken);

    /// <summary>
    /// Packs the run's citizens for the planner (ADR 0062): <paramref name="members"/> are the next citizens in audience
    /// key order, as <see cref="AudienceAsync"/> streams them; <paramref name="complete"/> on the last call seals the run.
    /// A store without packs ignores it (its planner reads the audience itself).
    /// </summary>
    Task WriteAudiencePacksAsync(string id, string runId, IReadOnlyList<AudienceMember> members, bool complete, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>The audience of one run, each member once, streamed in audience key order (citizens first).</summary>
    IAsyncEnumerable<AudienceMember> AudienceAsync(string id, string runId, CancellationToken cancellationToken);

    /// <summary>Whether the campaign holds rows of the citizen: in a dry run's audience or the uploaded list.</summary>
    Task<bool> HoldsCitizenAsync(string id, string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not erase.");

    /// <summary>Erasure: removes the citizen from every audience of the campaign and from its uploaded list; idempotent.</summary>
    Task EraseCitizenAsync(string id, string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not erase.");
}
