using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Access;

/// <summary>
/// The Access capability's wiring (ADR 0027): the employers' reads, their guard, the board feed's options, and the two
/// projections that follow Visibility's decisions (ADR 0036; the search index first, then the boards' feed).
/// </summary>
public static class AccessModule
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.Section).ValidateOnStart();
        services.AddSingleton<AccessGuard>();
        services.AddSingleton<EmployerCvService>();
        services.AddSingleton<CvAccessLogQuery>();
        services.AddSingleton<BoardFeedQueries>();
        services.AddSingleton<IncidentQueries>();
        services.AddSingleton<IncidentLifting>();
        services.AddSingleton<SearchIndexSteps>();
        services.AddSingleton<SearchIndexRepair>();
        services.AddSingleton<Visibility.IVisibilityProjection, SearchIndexProjection>();
        services.AddSingleton<Visibility.IVisibilityProjection, BoardFeedProjection>();
        return services;
    }
}
