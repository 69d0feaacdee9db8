namespace IntegrationHub.Core.Outbox;

public enum OutboxSinkKind
{
    /// <summary>An Azure Storage table ("OutboundEvents"): local runs and tests read it.</summary>
    Table,

    /// <summary>Azure Service Bus: one topic per event family (<see cref="OutboundTopics"/>).</summary>
    ServiceBus,
}
