using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Hosting;

/// <summary>Finds every <c>[Function]</c> of the hub from its attributes.</summary>
public sealed class HubFunctionCatalog
{
    private readonly Dictionary<string, HubFunction> _byEntryPoint;

    public HubFunctionCatalog()
        : this(typeof(HubFunctionCatalog).Assembly)
    {
    }

    public HubFunctionCatalog(Assembly assembly)
    {
        Functions = [.. Discover(assembly).OrderBy(f => f.Name, StringComparer.Ordinal)];
        _byEntryPoint = Functions.ToDictionary(f => f.EntryPoint, StringComparer.Ordinal);
    }

    public IReadOnlyList<HubFunction> Functions { get; }

    public HubFunction? FindByEntryPoint(string entryPoint) => _byEntryPoint.GetValueOrDefault(entryPoint);

    private static IEnumerable<HubFunction> Discover(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }
                yield return Describe(function.Name, method);
            }
        }
    }

    private static HubFunction Describe(string name, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                var methods = http.Methods is { Length: > 0 } m ? m.Select(x => x.ToUpperInvariant()).ToArray() : [];
                return new HubFunction(name, method, TriggerKind.Http, parameter, http.Route ?? name, methods, null, null, false);
            }
            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                return new HubFunction(name, method, TriggerKind.Queue, parameter, null, [], queue.QueueName, null, false);
            }
            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                return new HubFunction(name, method, TriggerKind.Timer, parameter, null, [], null, timer.Schedule, timer.RunOnStartup);
            }
        }
        throw new InvalidOperationException($"Function '{name}' ({method.DeclaringType?.Name}.{method.Name}) has no trigger this hub knows (HTTP, queue or timer).");
    }
}
