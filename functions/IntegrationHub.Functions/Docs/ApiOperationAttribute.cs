namespace IntegrationHub.Functions.Docs;

/// <summary>
/// Describes an HTTP function in the OpenAPI document, on the function method itself: its tag, summary, description and
/// the problem types it may answer with beyond those every authenticated call may. Route, method and roles come from the
/// trigger and access attributes, and the answers from <see cref="ApiResponseAttribute"/>, so none of it can drift.
/// An HTTP function without it makes <see cref="OpenApiDocument.Build"/> throw.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiOperationAttribute(string tag, string summary) : Attribute
{
    public string Tag { get; } = tag;

    public string Summary { get; } = summary;

    public string? Description { get; set; }

    /// <summary>Problem types (see <see cref="ApiProblemTypes"/>) beyond those every authenticated call may answer.</summary>
    public string[] Problems { get; set; } = [];
}
