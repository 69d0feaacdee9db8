namespace IntegrationHub.Storage.Outbox;

/// <summary>The outbox's tables, before any prefix (ADR 0027, 0035).</summary>
public static class OutboxTables
{
    /// <summary>The table sink of the outbox relay (local runs and tests; Service Bus in Azure).</summary>
    public const string OutboundEventsTable = "OutboundEvents";

    public static IReadOnlyList<string> All { get; } = [OutboundEventsTable];
}
