namespace IntegrationHub.Contracts;

/// <summary>Reference data embedded in this assembly (from <c>contracts/data/</c>), e.g. the occupation code mapping.</summary>
public static class ReferenceData
{
    /// <summary>Reads an embedded data file as text, e.g. <c>occupations.csv</c>.</summary>
    /// <exception cref="FileNotFoundException">No data file of that name is embedded.</exception>
    public static string ReadText(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var resource = "data/" + name;
        using var stream = typeof(ReferenceData).Assembly.GetManifestResourceStream(resource)
            ?? throw new FileNotFoundException($"No embedded data named '{resource}' in {typeof(ReferenceData).Assembly.GetName().Name}.", resource);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
