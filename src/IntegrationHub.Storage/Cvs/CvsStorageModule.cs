using IntegrationHub.Core.Cvs;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage.Cvs;

/// <summary>The Cvs capability's storage half (ADR 0027): the CV store, its change feed and the CVs' facts.</summary>
public static class CvsStorageModule
{
    public static IServiceCollection AddCvsStorage(this IServiceCollection services)
    {
        services.AddSingleton<TableCvStore>();
        services.AddSingleton<ICvStore>(sp => sp.GetRequiredService<TableCvStore>());
        services.AddSingleton<ICvChangeFeed>(sp => sp.GetRequiredService<TableCvStore>());
        services.AddSingleton<ICvFactsStore, TableCvFactsStore>();
        return services;
    }
}
