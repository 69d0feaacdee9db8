using System.Text.RegularExpressions;

namespace IntegrationHub.UnitTests.Architecture;

/// <summary>
/// One public or internal type per file, in a file named after it (issue 20 item 4, docs/architecture.md "Files and
/// names"): a reader finds a type by its name. The test reads the sources of Core, Storage, Boards and the Functions
/// projects; nested types and <c>file</c>-local helpers do not count. <see cref="Known"/> is empty and should stay so.
/// </summary>
public sealed partial class FilePerTypeTests
{
    private static readonly string[] Folders =
    [
        Path.Combine("src", "IntegrationHub.Core"),
        Path.Combine("src", "IntegrationHub.Storage"),
        Path.Combine("src", "IntegrationHub.Boards"),
        "functions",
    ];

    /// <summary>
    /// Files (repository paths) allowed to break the rule, each with why; empty since the last split. A new offender
    /// fails <see cref="Sources_EachFile_HoldsOneTypeNamedAfterIt"/>; a listed file that follows the rule fails
    /// <see cref="Known_EachFile_StillBreaksTheRule"/>.
    /// </summary>
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal);

    [Fact]
    public void Sources_EachFile_HoldsOneTypeNamedAfterIt()
    {
        // Act
        var offending = Offenders().Where(o => !Known.ContainsKey(o.Path)).Select(o => $"{o.Path}: {o.Problem}").ToList();

        // Assert
        Assert.True(offending.Count == 0,
            "One public/internal type per file, named after it (split the file; keep nested types nested):\n" + string.Join('\n', offending));
    }

    [Fact]
    public void Known_EachFile_StillBreaksTheRule()
    {
        // Act
        var offenders = Offenders().Select(o => o.Path).ToHashSet(StringComparer.Ordinal);

        // Assert
        var fixedOnes = Known.Keys.Where(path => !offenders.Contains(path)).ToList();
        Assert.True(fixedOnes.Count == 0, "Follows the rule now, so remove from FilePerTypeTests.Known:\n" + string.Join('\n', fixedOnes));
    }

    [Fact]
    public void Sources_AreRead_AndHoldTheHubsTypes()
    {
        // Act
        var files = SourceFiles().ToList();

        // Assert: the folders were found, so an empty result above cannot come from reading nothing.
        Assert.True(files.Count > 300, $"Expected the hub's source files; found {files.Count}.");
        Assert.Contains(files, f => f.Path == "src/IntegrationHub.Core/Visibility/VisibilityService.cs");
        Assert.Contains(files, f => f.Path.StartsWith("functions/", StringComparison.Ordinal));
    }

    [Fact]
    public void Problem_TwoTopLevelTypes_IsReported()
    {
        // Arrange
        const string source = """
            namespace X;

            /// <summary>The one.</summary>
            public sealed record Exposure(string CvId);

            public interface IExposureIndex
            {
                Task<Exposure> GetAsync();
            }
            """;

        // Act
        var problem = Problem("Exposure", source);

        // Assert
        Assert.Equal("2 types: Exposure, IExposureIndex", problem);
    }

    [Theory]
    [InlineData("Exposures", "public sealed record Exposure(string CvId);")]
    [InlineData("Exposure", "internal static class ExposureFacts\n{\n}")]
    [InlineData("Exposure", "sealed class ExposureMatch\n{\n}")]
    public void Problem_TypeNotNamedAfterItsFile_IsReported(string fileName, string declaration)
    {
        // Act
        var problem = Problem(fileName, "namespace X;\n\n" + declaration + "\n");

        // Assert
        Assert.NotNull(problem);
        Assert.Contains("not named after", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Exposure", "public sealed record Exposure(string CvId);")]
    [InlineData("EmployerRead", "public abstract record EmployerRead<T>\n{\n    public sealed record Served(T Value) : EmployerRead<T>;\n}")]
    [InlineData("Outer", "public static class Outer\n{\n    private sealed class Helper\n    {\n    }\n\n    public enum Kind { A }\n}")]
    [InlineData("Outer", "public static class Outer\n{\n}\n\nfile sealed class Helper\n{\n}")]
    [InlineData("HubJson.Generated", "public sealed partial class HubJson\n{\n}")]
    [InlineData("Program", "var app = 1;\n// public class Commented\n/// <summary>public class InDocs</summary>")]
    public void Problem_OneTypeNamedAfterItsFile_IsNone(string fileName, string body) =>
        Assert.Null(Problem(fileName, "namespace X;\n\n" + body + "\n"));

    private static IEnumerable<(string Path, string Problem)> Offenders() =>
        from file in SourceFiles()
        let problem = Problem(Path.GetFileNameWithoutExtension(file.Path), file.Text)
        where problem is not null
        select (file.Path, problem!);

    private static IEnumerable<(string Path, string Text)> SourceFiles() =>
        Folders.SelectMany(folder => Directory.EnumerateFiles(RepoPaths.Combine(folder), "*.cs", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(RepoPaths.Root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .Select(path => (path, File.ReadAllText(RepoPaths.Combine(path))));

    /// <summary>
    /// What is wrong with a file named <paramref name="fileName"/> (without ".cs") holding <paramref name="source"/>, or
    /// null. Top-level types are the declarations that start a line (file-scoped namespaces leave them unindented;
    /// nested ones are indented); <c>file</c> types are private to the file and do not count. A partial type may have
    /// parts in "Type.Part.cs".
    /// </summary>
    private static string? Problem(string fileName, string source)
    {
        var types = TopLevelType().Matches(source)
            .Where(m => !m.Groups["modifiers"].Value.Split(' ').Contains("file"))
            .Select(m => m.Groups["name"].Value)
            .ToList();
        return types switch
        {
            [] => null,
            [var only] when only == fileName || fileName.StartsWith(only + ".", StringComparison.Ordinal) => null,
            [var only] => $"holds {only}, not named after it",
            _ => $"{types.Count} types: {string.Join(", ", types)}",
        };
    }

    [GeneratedRegex(@"^(?<modifiers>(?:(?:public|internal|file|sealed|static|abstract|readonly|partial|ref|unsafe)[ \t]+)*)(?:record[ \t]+struct|record[ \t]+class|record|class|interface|enum|struct)[ \t]+(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
