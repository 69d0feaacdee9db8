using IntegrationHub.Core.Erasure;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage.Erasure;

/// <summary>The Erasure capability's storage half (ADR 0027): the erasure jobs and tombstones, also an outbox source (CvErased).</summary>
public static class ErasureStorageModule
{
    public static IServiceCollection AddErasureStorage(this IServiceCollection services)
    {
        services.AddSingleton<TableErasureStore>();
        services.AddSingleton<IErasureStore>(sp => sp.GetRequiredService<TableErasureStore>());
        services.AddSingleton<IOutboxSource>(sp => sp.GetRequiredService<TableErasureStore>());
        // Since when every tombstone has its mark (ADR 0040), at start: registered after the storage initializer that creates the tables.
        services.AddHostedService<TombstoneMarksInitializer>();
        return services;
    }
}
