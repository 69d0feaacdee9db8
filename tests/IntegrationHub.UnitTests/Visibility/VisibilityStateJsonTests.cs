using System.Text.Json;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Visibility;

/// <summary>
/// The stored state (the visibility table's "State" column, written with <see cref="VisibilityJson"/>) keeps its member
/// names when the C# names change: issue 20 item 4 renamed <c>Folded</c> to <see cref="VisibilityState.FactOrigins"/> and
/// the type <c>CvSide</c> to <see cref="CvInForce"/>, and rows written before must still read.
/// </summary>
public sealed class VisibilityStateJsonTests
{
    // A row as the hub wrote it before the renames (member names as VisibilityJson's camelCase made them of Folded and Cv).
    private const string RowBeforeRenames =
        """{"registry":"nav","citizenId":"citizen-1","cv":{"cvId":"cv-1","publication":"open"},"decision":{"audience":"Employers","presentation":"Open","searchable":true,"reasons":["visible"],"legalBasis":"Consent"},"facts":{"consentToEmployers":true,"publication":"open","cvPresent":true},"decidedAt":"2026-12-05T06:30:15.123+00:00","folded":{"ConsentToEmployers":{"value":{"flag":true},"time":"2026-12-01T08:00:00+00:00","eventId":"e1","sections":["experience"]}},"sequence":3}""";

    [Fact]
    public void StoredState_WrittenBeforeTheRenames_ReadsItsCvAndFactOrigins()
    {
        // Act
        var state = JsonSerializer.Deserialize(RowBeforeRenames, VisibilityJson.Default.VisibilityState)!;

        // Assert
        Assert.Equal(new CvInForce("cv-1", "open", null), state.Cv);
        var origin = Assert.Single(state.FactOrigins!);
        Assert.Equal(CitizenFact.ConsentToEmployers, origin.Key);
        Assert.Equal("e1", origin.Value.EventId);
        Assert.Equal(true, origin.Value.Value.Flag);
        Assert.Equal(["experience"], origin.Value.Sections!);
        Assert.Equal(3, state.Sequence);
    }

    [Fact]
    public void StoredState_Written_KeepsTheMemberNamesRowsAlreadyHave()
    {
        // Arrange
        var state = JsonSerializer.Deserialize(RowBeforeRenames, VisibilityJson.Default.VisibilityState)!;

        // Act
        var written = JsonSerializer.Serialize(state, VisibilityJson.Default.VisibilityState);

        // Assert: the same bytes as the row the earlier code wrote, so old and new instances read each other's rows.
        Assert.Equal(RowBeforeRenames, written);
        Assert.DoesNotContain("factOrigins", written, StringComparison.Ordinal);
    }
}
