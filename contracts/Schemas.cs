namespace IntegrationHub.Contracts;

/// <summary>The JSON Schemas embedded in this assembly (from <c>contracts/schemas/</c>).</summary>
public static class Schemas
{
    /// <summary>Opens an embedded schema by file name, e.g. <c>cv.schema.json</c>.</summary>
    /// <exception cref="FileNotFoundException">No schema of that name is embedded.</exception>
    public static Stream Open(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var resource = "schemas/" + name;
        return typeof(Schemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new FileNotFoundException($"No embedded schema named '{resource}' in {typeof(Schemas).Assembly.GetName().Name}.", resource);
    }

    /// <summary>Reads an embedded schema as text.</summary>
    public static string ReadText(string name)
    {
        using var stream = Open(name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
