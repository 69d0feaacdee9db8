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

    public bool AllowsAnonymous => Method.GetCustomAttribute<AllowAnonymousCallerAttribute>() is not null;

    public IReadOnlyList<string> Roles => Method.GetCustomAttribute<RequireRoleAttribute>()?.Roles ?? [];
}
