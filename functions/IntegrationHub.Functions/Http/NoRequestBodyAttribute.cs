namespace IntegrationHub.Functions.Http;

/// <summary>Marks a POST function that reads no body (a command in its route): whatever body is sent is never read.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NoRequestBodyAttribute : Attribute;
