using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Outbox;

/// <summary>Section "Hub:Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Hub:Outbox";

    public OutboxSinkKind Sink { get; set; } = OutboxSinkKind.Table;

    /// <summary>
    /// The name of the Service Bus connection, read as the Functions host reads one: a connection string under that
    /// name, or a section with "fullyQualifiedNamespace" (plus "credential"/"clientId") for the managed identity.
    /// </summary>
    public string ServiceBusConnection { get; set; } = "ServiceBus";

    /// <summary>Rows the relay takes from one outbox partition per read.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// The longest gap between two relay passes while no events come (0: a pass on every tick). A commit in this
    /// process that writes outbox rows wakes the relay at once; one on another instance waits at most this long
    /// (ADR 0012).
    /// </summary>
    [Range(0, 300)]
    public int IdleCeilingSeconds { get; set; } = 10;
}
