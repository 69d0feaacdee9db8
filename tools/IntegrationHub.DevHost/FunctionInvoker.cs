using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using IntegrationHub.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.DevHost;

/// <summary>Creates a function's class and calls its method, as the Functions worker does.</summary>
internal static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(IServiceProvider services, HubFunction function, Func<ParameterInfo, object?> bind)
    {
        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Method.DeclaringType!);
        try
        {
            var arguments = function.Method.GetParameters().Select(bind).ToArray();
            object? returned;
            try
            {
                returned = function.Method.Invoke(target, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            switch (returned)
            {
                case Task task:
                    await task;
                    var resultProperty = task.GetType().GetProperty("Result");
                    return resultProperty is not null && task.GetType().IsGenericType ? resultProperty.GetValue(task) : null;
                case ValueTask valueTask:
                    await valueTask;
                    return null;
                default:
                    return returned;
            }
        }
        finally
        {
            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Checks at start that the dev host can bind every parameter, so a function it cannot serve fails loudly.</summary>
    public static void EnsureBindable(HubFunction function, Func<ParameterInfo, bool> canBind)
    {
        foreach (var parameter in function.Method.GetParameters())
        {
            if (parameter.ParameterType == typeof(FunctionContext))
            {
                throw new InvalidOperationException($"Function '{function.Name}' takes a FunctionContext, which the dev host does not provide; take what it needs as parameters instead.");
            }
            if (!canBind(parameter))
            {
                throw new InvalidOperationException($"Function '{function.Name}': the dev host cannot bind parameter '{parameter.Name}' ({parameter.ParameterType.Name}).");
            }
        }
    }

    public static object? ConvertRouteValue(object? value, Type type)
    {
        if (value is null)
        {
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }
        if (type.IsInstanceOfType(value))
        {
            return value;
        }
        return TypeDescriptor.GetConverter(type).ConvertFrom(null, CultureInfo.InvariantCulture, value);
    }
}
