using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using IntegrationHub.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.DevHost;

/// <summary>Creates a function's class and calls its method, as the Functions worker does.</summary>
internal static class FunctionInvoker
{
    /// <summary>
    /// The worker's invocation span, made here because the dev host runs no worker middleware: same source and name as
    /// the worker's (Azure/azure-functions-dotnet-worker, src/DotNetWorker.Core/Diagnostics: source
    /// "Microsoft.Azure.Functions.Worker", span "Invoke", tag "faas.execution"), so both hosts' traces look alike.
    /// </summary>
    private static readonly System.Diagnostics.ActivitySource WorkerSource = new(Functions.Hosting.HubTelemetryServiceCollectionExtensions.FunctionsWorkerSource);

    public static async Task<object?> InvokeAsync(IServiceProvider services, HubFunction function, Func<ParameterInfo, object?> bind)
    {
        using var invoke = WorkerSource.StartActivity("Invoke");
        invoke?.SetTag("faas.execution", Guid.NewGuid().ToString());
        invoke?.SetTag("faas.name", function.Name);
        // Issue 18: the storage requests of this invocation are counted under its function (when counting is on).
        using var counted = Storage.Common.StorageRequestCounter.InFunction(function.Name);
        try
        {
            return await InvokeCoreAsync(services, function, bind);
        }
        catch (Exception e) when (invoke is not null)
        {
            invoke.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private static async Task<object?> InvokeCoreAsync(IServiceProvider services, HubFunction function, Func<ParameterInfo, object?> bind)
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
