using IntegrationHub.Core.Access;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// The Access capability's storage half (ADR 0027): the search index, the access log and its counters, the incidents
/// (also an outbox source) and the board feed. The audit trail wraps some of these; it is registered after all modules.
/// </summary>
public static class AccessStorageModule
{
    public static IServiceCollection AddAccessStorage(this IServiceCollection services)
    {
        services.AddSingleton<ICvSearchIndex, TableCvSearchIndex>();
        services.AddSingleton<TableAccessLog>();
        services.AddSingleton<IAccessLog>(sp => sp.GetRequiredService<TableAccessLog>());
        services.AddSingleton<TableBoardFeedStore>();
        services.AddSingleton<IBoardFeedStore>(sp => sp.GetRequiredService<TableBoardFeedStore>());
        services.AddSingleton<IAccessCounters, TableAccessCounters>();
        services.AddSingleton<TableIncidentStore>();
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<TableIncidentStore>());
        services.AddSingleton<IOutboxSource>(sp => sp.GetRequiredService<TableIncidentStore>());
        return services;
    }
}
