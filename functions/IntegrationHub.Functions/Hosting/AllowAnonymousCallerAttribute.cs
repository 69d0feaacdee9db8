namespace IntegrationHub.Functions.Hosting;

/// <summary>Marks an HTTP function that anyone may call (health, documentation).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AllowAnonymousCallerAttribute : Attribute;
