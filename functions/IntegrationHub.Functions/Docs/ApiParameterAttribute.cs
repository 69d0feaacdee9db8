namespace IntegrationHub.Functions.Docs;

/// <summary>A query (or header) parameter of an HTTP function; path parameters are read from the route.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiParameterAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public string Type { get; set; } = "string";

    public string? Format { get; set; }

    public bool Required { get; set; }

    public string In { get; set; } = "query";
}
