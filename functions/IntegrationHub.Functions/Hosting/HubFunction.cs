using System.Reflection;

namespace IntegrationHub.Functions.Hosting;

/// <summary>One function as its attributes declare it: the single source of truth for both hosts.</summary>
public sealed record HubFunction(
    string Name,
    MethodInfo Method,
    TriggerKind Trigger,
    ParameterInfo TriggerParameter,
    string? Route,
    IReadOnlyList<string> HttpMethods,
    string? QueueName,
    string? Schedule,
    bool RunOnStartup)
{
    /// <summary>As the Functions host names it: "Namespace.Type.Method".</summary>
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";

    // Read once: the authorizer asks on every request, and an attribute lookup is reflection (issue 18's intake profile
    // found the two at about 2% of the hub's request CPU).
    public bool AllowsAnonymous { get; } = Method.GetCustomAttribute<AllowAnonymousCallerAttribute>() is not null;

    public IReadOnlyList<string> Roles { get; } = Method.GetCustomAttribute<RequireRoleAttribute>()?.Roles ?? [];
}
