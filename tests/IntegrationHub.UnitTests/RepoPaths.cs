namespace IntegrationHub.UnitTests;

/// <summary>Paths in the repository, found by walking up from the test binaries to the folder holding IntegrationHub.sln.</summary>
internal static class RepoPaths
{
    private const string SolutionFile = "IntegrationHub.sln";

    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string ContractsExamples => Path.Combine(Root, "contracts", "examples");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }
}
