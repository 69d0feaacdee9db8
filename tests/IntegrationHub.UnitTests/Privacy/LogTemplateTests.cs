using System.Text.RegularExpressions;

namespace IntegrationHub.UnitTests.Privacy;

/// <summary>
/// Personal data never reaches the logs: every log message of the hub is a source-generated template, and no template
/// has a placeholder for a personal detail. (Ids are pseudonymous; a citizen's own id stays out of logs too.)
/// </summary>
public sealed partial class LogTemplateTests
{
    private static readonly string[] Forbidden =
        ["name", "givenname", "familyname", "email", "phone", "address", "citizen", "citizenid", "birth", "dateofbirth", "nationalid", "text", "summary", "body", "document", "token", "user", "userobjectid", "oid"];

    private static IEnumerable<(string File, string Template)> Templates()
    {
        foreach (var folder in new[] { "src", "functions", "tools" })
        {
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Combine(folder), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                foreach (Match match in LoggerMessage().Matches(File.ReadAllText(file)))
                {
                    yield return (Path.GetRelativePath(RepoPaths.Root, file), match.Groups["message"].Value);
                }
            }
        }
    }

    [Fact]
    public void LoggerMessages_Exist_AndNoneHasAPlaceholderForPersonalData()
    {
        var templates = Templates().ToList();

        var offending = templates
            .SelectMany(t => Placeholder().Matches(t.Template).Select(m => (t.File, Name: m.Groups["name"].Value)))
            .Where(p => Forbidden.Contains(p.Name.ToLowerInvariant()))
            .ToList();

        Assert.True(templates.Count >= 10, $"Expected the hub's log templates; found {templates.Count}.");
        Assert.True(offending.Count == 0, "Log templates with personal data: " + string.Join(", ", offending.Select(o => $"{o.File}: {{{o.Name}}}")));
    }

    [Fact]
    public void Logging_OnlyThroughSourceGeneratedTemplates_NeverInterpolatedStrings()
    {
        var interpolated = Directory.EnumerateFiles(RepoPaths.Root, "*.cs", SearchOption.AllDirectories)
            .Where(f => (f.Contains("/src/", StringComparison.Ordinal) || f.Contains("/functions/", StringComparison.Ordinal))
                        && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => InterpolatedLog().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .ToList();

        Assert.Empty(interpolated);
    }

    [GeneratedRegex("""\[LoggerMessage\([^\]]*?Message\s*=\s*"(?<message>[^"]*)"\s*\)\]""", RegexOptions.Singleline)]
    private static partial Regex LoggerMessage();

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\.Log(Information|Warning|Error|Debug|Trace|Critical)\(\$""")]
    private static partial Regex InterpolatedLog();
}
