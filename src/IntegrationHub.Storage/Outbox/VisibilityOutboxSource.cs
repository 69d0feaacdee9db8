using IntegrationHub.Core.Callers;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Outbox;

/// <summary>The visibility state's outbox: one partition per configured registry.</summary>
public sealed class VisibilityOutboxSource(IOptions<HubOptions> hub) : IOutboxSource
{
    public string Table => VisibilityTables.VisibilityTable;

    public IEnumerable<string> Partitions() => hub.Value.Registries.Keys;
}
