namespace IntegrationHub.Functions.Hosting;

/// <summary>The app roles that may call an HTTP function (any one of them suffices).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequireRoleAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;
}
