namespace IntegrationHub.Storage.Outbox;

/// <summary>A table whose partitions may hold outbox rows, and which partitions those are.</summary>
public interface IOutboxSource
{
    string Table { get; }

    IEnumerable<string> Partitions();
}
