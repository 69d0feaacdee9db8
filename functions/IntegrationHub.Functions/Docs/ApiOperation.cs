namespace IntegrationHub.Functions.Docs;

/// <summary>A query (or header) parameter of an HTTP function.</summary>
public sealed record ApiParameter(string Name, string Description, string Type = "string", bool Required = false, string In = "query", string? Format = null);

/// <summary>
/// A success answer: status, what it means and, when it has a body, its media type and schema (a component name);
/// <paramref name="AlsoAs"/> names a second media type the same answer may come in as text (the report as HTML).
/// </summary>
public sealed record ApiResponse(int Status, string Description, string? Schema = null, string ContentType = "application/json", string? AlsoAs = null);

/// <summary>A request body: a media type and the component schema it must match.</summary>
public sealed record ApiBody(string ContentType, string Schema, string? ItemsOf = null);

/// <summary>
/// What the hub's catalog cannot read from a function's attributes: a summary, its parameters, bodies, answers and the
/// problem types it may answer with. Route, method and roles come from the attributes, so they cannot drift.
/// </summary>
public sealed record ApiOperation
{
    public required string Summary { get; init; }

    public required string Tag { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];

    public IReadOnlyList<ApiBody> Request { get; init; } = [];

    public required IReadOnlyList<ApiResponse> Responses { get; init; }

    /// <summary>Problem types (see <see cref="ApiProblemTypes"/>) beyond those every authenticated call may answer.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
