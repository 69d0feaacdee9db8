namespace IntegrationHub.Functions.Docs;

/// <summary>
/// A success answer of an HTTP function. Its body's schema comes from <see cref="Type"/>, the record the function answers
/// with (exported with the options the hosts answer with, <see cref="RecordSchemas"/>), or names a component
/// (<see cref="Schema"/>: a contract schema, or <c>Object</c> for a body the hub does not type); neither: no JSON body.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiResponseAttribute(int status, string description) : Attribute
{
    public int Status { get; } = status;

    public string Description { get; } = description;

    /// <summary>The record the body is serialized from.</summary>
    public Type? Type { get; set; }

    /// <summary>The component name of <see cref="Type"/>, where it differs from the type's name (names callers' generated clients already use).</summary>
    public string? Name { get; set; }

    /// <summary>A component by name, for a body with no record of its own.</summary>
    public string? Schema { get; set; }

    public string ContentType { get; set; } = "application/json";

    /// <summary>A second media type the same answer may come in, as text (the breach report as HTML).</summary>
    public string? AlsoAs { get; set; }

    /// <summary>The function serializes the record leaving nulls out (its JSON context's WhenWritingNull), so a nullable property may be absent.</summary>
    public bool NullsOmitted { get; set; }
}
