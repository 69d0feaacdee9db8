namespace IntegrationHub.Core.Breach;

public sealed record BreachLetter(string Subject, string Body);
