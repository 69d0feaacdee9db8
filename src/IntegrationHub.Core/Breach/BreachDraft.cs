namespace IntegrationHub.Core.Breach;

/// <summary>A new campaign with what is stored beside it: the letters and the uploaded citizen ids.</summary>
public sealed record BreachDraft(BreachCampaign Campaign, IReadOnlyDictionary<string, BreachLetter> Letters, IReadOnlyList<string> CitizenIds);
