using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Access;

public sealed class EmployerProjectionTests
{
    private static readonly string Example = File.ReadAllText(RepoPaths.Combine("contracts", "examples", "cv.json"));

    private static EmployerCv Project(Presentation presentation, IReadOnlyList<string>? sections = null, Action<Dictionary<string, object?>>? edit = null)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Example)!.AsObject();
        if (edit is not null)
        {
            var extra = new Dictionary<string, object?>();
            edit(extra);
            foreach (var (key, value) in extra)
            {
                node[key] = JsonSerializer.SerializeToNode(value);
            }
        }
        using var document = JsonDocument.Parse(node.ToJsonString());
        return EmployerProjection.Project("cv1", document.RootElement, presentation, sections);
    }

    [Fact]
    public void Project_Open_KeepsNameAndContact_DropsIdsBirthDateStreetAndSpecialNeeds()
    {
        var view = Project(Presentation.Open);
        var text = view.Document.ToJsonString();

        Assert.NotNull(view.Document["personalDetails"]!["email"]);
        Assert.Null(view.Document["personalDetails"]!["dateOfBirth"]);
        Assert.Null(view.Document["personalDetails"]!["address"]?["street"]);
        Assert.Null(view.Document["specialNeeds"]);
        Assert.Null(view.Document["citizenId"]);
        Assert.Null(view.Document["externalId"]);
        Assert.DoesNotContain("1987-04-12", text, StringComparison.Ordinal);
        Assert.Contains("personalDetails.email", view.Fields);
        Assert.DoesNotContain("specialNeeds", view.Fields);
    }

    [Fact]
    public void Project_Anonymous_HasNoPersonalDetails_AndNoContactDetailsInFreeText()
    {
        var view = Project(Presentation.Anonymous, edit: cv => cv["summary"] = "Call +31 6 12345678, mail me at a.b@example.nl; worked 2019-2021.");
        var summary = view.Document["summary"]!.GetValue<string>();

        Assert.Null(view.Document["personalDetails"]);
        Assert.DoesNotContain(view.Fields, f => f.StartsWith("personalDetails", StringComparison.Ordinal));
        Assert.DoesNotContain("12345678", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("a.b@example.nl", summary, StringComparison.Ordinal);
        Assert.Contains("2019-2021", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Project_NationalIdInFreeText_IsRemovedEvenWhenOpen()
    {
        var view = Project(Presentation.Open, edit: cv => cv["summary"] = "Mitt fødselsnummer er 01019010046.");

        Assert.DoesNotContain("01019010046", view.Document["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Project_WithSections_KeepsOnlyThem()
    {
        var view = Project(Presentation.Open, ["languages"]);

        Assert.NotNull(view.Document["languages"]);
        Assert.Null(view.Document["workExperience"]);
        Assert.Null(view.Document["personalDetails"]);
        Assert.Equal(["language", "languages"], view.Fields);
    }

    [Fact]
    public void Project_UnknownTopLevelField_NeverPassesThrough()
    {
        var view = Project(Presentation.Open, edit: cv => cv["healthNotes"] = "diabetes");

        Assert.Null(view.Document["healthNotes"]);
        Assert.DoesNotContain("diabetes", view.Document.ToJsonString(), StringComparison.Ordinal);
    }
}
