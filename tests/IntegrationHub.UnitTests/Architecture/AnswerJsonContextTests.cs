using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Architecture;

/// <summary>
/// The answers' contexts carry the options the hosts answer with (<see cref="JsonSerializerDefaults.Web"/>) fixed at build
/// time (ADR 0049): every setting equal to the run-time Web options the answers were built with before, so the bytes
/// pinned by AccessAnswerJsonTests and VisibilityAnswerJsonTests cannot drift by a setting nobody pinned.
/// </summary>
public sealed class AnswerJsonContextTests
{
    public static TheoryData<string> Contexts => [nameof(AccessAnswerJson), nameof(VisibilityAnswerJson)];

    private static JsonSerializerContext Context(string name) => name switch
    {
        nameof(AccessAnswerJson) => AccessJson.Answers,
        _ => VisibilityJson.Answers,
    };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void AnswersContext_EveryOption_IsTheWebDefaultsTheHostsAnswerWith(string name)
    {
        // Arrange
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var context = Context(name);

        // Act: every public setting but the resolver (the context itself) and the read-only flag.
        var differing = typeof(JsonSerializerOptions).GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name is not (nameof(JsonSerializerOptions.TypeInfoResolver)
                or nameof(JsonSerializerOptions.TypeInfoResolverChain) or nameof(JsonSerializerOptions.IsReadOnly) or nameof(JsonSerializerOptions.Converters)))
            .Where(p => !Equals(p.GetValue(web), p.GetValue(context.Options)))
            .Select(p => p.Name)
            .ToList();

        // Assert: and no converter added beside the types' own.
        Assert.Empty(differing);
        Assert.Empty(context.Options.Converters);
        Assert.Same(context, context.Options.TypeInfoResolver);
    }

    [Fact]
    public void Answers_AreTheGeneratedContextsThemselves_NotOnesBuiltAtRunTime()
    {
        // A context built with options of its own falls back from the generated fast path (ADR 0049).
        Assert.Same(AccessAnswerJson.Default, AccessJson.Answers);
        Assert.Same(VisibilityAnswerJson.Default, VisibilityJson.Answers);
        Assert.Same(AccessAnswerJson.Default.Options, AccessJson.Answers.CvSearchResults.Options);
    }
}
