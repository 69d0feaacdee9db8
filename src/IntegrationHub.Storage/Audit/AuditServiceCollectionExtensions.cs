using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the access log, the incident store and the breach delivery store (registered before this call) so that their
    /// audit records also reach the append-only "audit" container (<see cref="AuditTrail"/>), when Hub:Audit:Enabled.
    /// </summary>
    public static IServiceCollection AddHubAuditTrail(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<AuditTrail>();
        Decorate<Core.Access.IAccessLog>(services, (sp, inner) => new AuditedAccessLog(inner, sp.GetRequiredService<AuditTrail>()));
        Decorate<Core.Access.IIncidentStore>(services, (sp, inner) => new AuditedIncidentStore(inner, sp.GetRequiredService<AuditTrail>()));
        Decorate<Core.Breach.IBreachDeliveryStore>(services, (sp, inner) => new AuditedBreachDeliveryStore(inner, sp.GetRequiredService<AuditTrail>()));
        return services;
    }

    // The last registration of TService, built as it was registered, then wrapped. A missing registration is a wiring error.
    private static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> wrap)
        where TService : class
    {
        var index = services.Count - 1;
        while (index >= 0 && services[index].ServiceType != typeof(TService))
        {
            index--;
        }
        if (index < 0)
        {
            throw new InvalidOperationException($"AddHubAuditTrail: {typeof(TService).Name} is not registered; call it after AddHubStorage's registrations.");
        }
        var original = services[index];
        Func<IServiceProvider, TService> build = original switch
        {
            { ImplementationFactory: { } factory } => sp => (TService)factory(sp),
            { ImplementationInstance: { } instance } => _ => (TService)instance,
            { ImplementationType: { } type } => sp => (TService)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException($"AddHubAuditTrail: cannot wrap the registration of {typeof(TService).Name}."),
        };
        services[index] = ServiceDescriptor.Describe(typeof(TService), sp => wrap(sp, build(sp)), original.Lifetime);
    }
}
