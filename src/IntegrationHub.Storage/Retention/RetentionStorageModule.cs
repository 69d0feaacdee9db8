using IntegrationHub.Core.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage.Retention;

/// <summary>The Retention capability's storage half (ADR 0023, ADR 0027): the paced purge; its periods are bound by AddRetention in Core.</summary>
public static class RetentionStorageModule
{
    public static IServiceCollection AddRetentionStorage(this IServiceCollection services)
    {
        services.AddSingleton<RetentionPurge>();
        services.AddSingleton<IRetentionPurge>(sp => sp.GetRequiredService<RetentionPurge>());
        return services;
    }
}
