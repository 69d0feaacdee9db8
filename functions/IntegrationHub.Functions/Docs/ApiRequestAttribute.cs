namespace IntegrationHub.Functions.Docs;

/// <summary>A request body of an HTTP function: a media type and its schema, from a record (<see cref="Type"/>) or a component (<see cref="Schema"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiRequestAttribute(string contentType) : Attribute
{
    public string ContentType { get; } = contentType;

    public Type? Type { get; set; }

    public string? Name { get; set; }

    public string? Schema { get; set; }

    /// <summary>The body is a batch: an array of 1 to 100 of the schema (CloudEvents' batched mode).</summary>
    public bool Batch { get; set; }
}
