using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IntegrationHub.Contracts.Cvs;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.UnitTests.Cvs;

public sealed class CvSchemaValidatorTests
{
    public static TheoryData<string> ExampleCvs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.ContractsExamples, "cv*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Fact]
    public void Examples_Listed_AtLeastThreeCvExamplesExist()
    {
        // Arrange / Act
        var examples = ExampleCvs();

        // Assert: the theory below must not pass vacuously.
        Assert.True(examples.Count >= 3, $"expected the cv*.json examples in {RepoPaths.ContractsExamples}");
    }

    [Theory]
    [MemberData(nameof(ExampleCvs))]
    public void Validate_ExampleCv_HasNoErrors(string fileName)
    {
        // Arrange
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.ContractsExamples, fileName)));

        // Act
        var errors = CvSchemaValidator.Instance.Validate(document.RootElement);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(ExampleCvs))]
    public void CvDocument_ExampleCv_RoundTripsWithoutLosingOrInventingMembers(string fileName)
    {
        // Arrange: the records must mirror the schema; an unmapped property fails the read.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        var original = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.ContractsExamples, fileName)));

        // Act
        var cv = original.Deserialize<CvDocument>(options);
        var written = JsonSerializer.SerializeToNode(cv, options);

        // Assert: equal JSON, except that an instant may be written with another offset ("Z" as "+00:00").
        Assert.NotNull(cv);
        Assert.Equal(
            original!["lastCitizenActivityAt"]?.GetValue<DateTimeOffset>(),
            written!["lastCitizenActivityAt"]?.GetValue<DateTimeOffset>());
        original.AsObject().Remove("lastCitizenActivityAt");
        written.AsObject().Remove("lastCitizenActivityAt");
        Assert.True(JsonNode.DeepEquals(original, written), written.ToJsonString());
    }

    [Theory]
    [InlineData("/externalId")]
    [InlineData("/citizenId")]
    [InlineData("/publication")]
    [InlineData("/personalDetails")]
    [InlineData("/personalDetails/familyName")]
    [InlineData("/personalDetails/givenName")]
    [InlineData("/workExperience/1/title")]
    [InlineData("/workExperience/0/from")]
    [InlineData("/languages/2/code")]
    [InlineData("/jobsSought/0/occupation")]
    [InlineData("/jobsSought/0/places/1/country")]
    public void Validate_RequiredPropertyMissing_ReportsRequiredAtTheMissingPropertysPath(string path)
    {
        // Arrange
        var cv = ExampleCv();
        Remove(cv, path);

        // Act
        var errors = Validate(cv);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal(new FieldError(path, "required", "is required"), error);
    }

    [Fact]
    public void Validate_EmailInvalid_ReportsFormatAtEmail()
    {
        // Arrange
        var cv = ExampleCv();
        cv["personalDetails"]!["email"] = "ingrid.solbakken.example.com";

        // Act
        var errors = Validate(cv);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("/personalDetails/email", error.Field);
        Assert.Equal("format", error.Rule);
        Assert.Equal("must be a valid e-mail address", error.Message);
    }

    [Theory]
    [InlineData("/personalDetails/dateOfBirth", "1987-02-30")]
    [InlineData("/personalDetails/dateOfBirth", "12.04.1987")]
    [InlineData("/workExperience/0/from", "2019-13-01")]
    [InlineData("/courses/0/completed", "2024-3-8")]
    [InlineData("/lastCitizenActivityAt", "2025-03-14 08:42")]
    [InlineData("/lastCitizenActivityAt", "2025-03-14T08:42:17")]
    public void Validate_DateOrDateTimeInvalid_ReportsFormat(string path, string value)
    {
        // Arrange
        var cv = ExampleCv();
        Set(cv, path, value);

        // Act
        var errors = Validate(cv);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Field);
        Assert.Equal("format", error.Rule);
    }

    [Theory]
    [InlineData("", "nationalIdNumber")]
    [InlineData("/personalDetails", "fodselsnummer")]
    [InlineData("/personalDetails/address", "floor")]
    [InlineData("/workExperience/0", "salary")]
    [InlineData("/workExperience/0/occupation", "nace")]
    [InlineData("/jobsSought/0/places/0", "postalCode")]
    [InlineData("/specialNeeds", "diagnosis")]
    public void Validate_UnexpectedProperty_ReportsAdditionalPropertiesAtItsPath(string parent, string property)
    {
        // Arrange
        var cv = ExampleCv();
        ((JsonObject)Find(cv, parent))[property] = "x";

        // Act
        var errors = Validate(cv);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal(new FieldError(parent + "/" + property, "additionalProperties", "is not allowed"), error);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEveryOneOnce()
    {
        // Arrange
        var cv = ExampleCv();
        cv.Remove("citizenId");
        ((JsonObject)cv["personalDetails"]!).Remove("familyName");
        cv["personalDetails"]!["email"] = "not-an-address";
        cv["personalDetails"]!["phone"] = "ring meg";
        cv["personalDetails"]!["address"]!["country"] = "Norge";
        cv["publication"] = "secret";
        cv["version"] = 0;
        cv["language"] = "klingon";
        cv["summary"] = new string('x', 4001);
        cv["workExperience"]![0]!["occupation"] = new JsonObject { ["label"] = "Helsefagarbeider" };
        cv["workExperience"]![1]!["to"] = "yesterday";
        cv["drivingLicences"] = new JsonArray("B", "B", "Q");
        cv["jobsSought"]![0]!["places"] = new JsonArray();
        cv["jobsSought"]![0]!["extent"] = "always";
        cv["specialNeeds"]!["healthRelated"] = "yes";
        cv["unexpected"] = true;

        // Act
        var errors = Validate(cv);

        // Assert
        var expected = new[]
        {
            ("/citizenId", "required"),
            ("/unexpected", "additionalProperties"),
            ("/personalDetails/familyName", "required"),
            ("/personalDetails/email", "format"),
            ("/personalDetails/phone", "pattern"),
            ("/personalDetails/address/country", "pattern"),
            ("/publication", "enum"),
            ("/version", "minimum"),
            ("/language", "enum"),
            ("/summary", "maxLength"),
            ("/workExperience/0/occupation", "anyOf"),
            ("/workExperience/1/to", "format"),
            ("/drivingLicences", "uniqueItems"),
            ("/drivingLicences/2", "enum"),
            ("/jobsSought/0/places", "minItems"),
            ("/jobsSought/0/extent", "enum"),
            ("/specialNeeds/healthRelated", "type"),
        };
        Assert.Equal(
            expected.Order().ToArray(),
            errors.Select(e => (e.Field, e.Rule)).Order().ToArray());
        Assert.Equal(errors.Count, errors.Distinct().Count());
    }

    [Theory]
    [InlineData("/personalDetails/email", "kari.nordmann(at)example.com")]
    [InlineData("/personalDetails/phone", "ring Kari på 12")]
    [InlineData("/personalDetails/dateOfBirth", "12. april 1987")]
    [InlineData("/personalDetails/address/country", "Norge")]
    [InlineData("/externalId", "Kari Nordmann 12048712345")]
    [InlineData("/publication", "Kari Nordmann")]
    [InlineData("/language", "Kari")]
    [InlineData("/languages/0/spoken", "Kari snakker flytende")]
    [InlineData("/jobsSought/0/occupation/isco08", "Kari 5321")]
    [InlineData("/specialNeeds/healthRelated", "Kari har diabetes")]
    public void Validate_BadValue_MessageNeverContainsTheValue(string path, string value)
    {
        // Arrange
        var cv = ExampleCv();
        Set(cv, path, value);

        // Act
        var errors = Validate(cv);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Field);
        Assert.DoesNotContain(value, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Kari", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_TooLongFreeText_MessageNamesTheLimitNotTheText()
    {
        // Arrange
        var cv = ExampleCv();
        var text = string.Concat(Enumerable.Repeat("Kari Nordmann bor i Eksempelveien 1. ", 120));
        cv["workExperience"]![0]!["description"] = text;

        // Act
        var errors = Validate(cv);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal(new FieldError("/workExperience/0/description", "maxLength", "must be at most 4000 characters long"), error);
    }

    [Fact]
    public void Validate_OccupationWithoutAnyCode_ReportsOneAnyOfErrorNamingTheCodes()
    {
        // Arrange
        var cv = ExampleCv();
        cv["jobsSought"]![1]!["occupation"] = new JsonObject { ["label"] = "Miljøarbeider" };

        // Act
        var errors = Validate(cv);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal(new FieldError("/jobsSought/1/occupation", "anyOf", "must have at least one of: esco, isco08, styrk08"), error);
    }

    [Fact]
    public void Validate_OccupationWithOneCodeAndAnotherErrorElsewhere_ReportsOnlyTheOtherError()
    {
        // Arrange: the anyOf passes through its first branch; its failed sibling branches must not leak out.
        var cv = ExampleCv();
        cv["jobsSought"]![1]!["occupation"] = new JsonObject { ["esco"] = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1" };
        cv["personalDetails"]!["email"] = "nope";

        // Act
        var errors = Validate(cv);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("/personalDetails/email", error.Field);
    }

    [Theory]
    [InlineData("esco", "https://data.europa.eu/esco/occupation/f2b15a0e")]
    [InlineData("isco08", "532")]
    [InlineData("styrk08", "5321.1")]
    public void Validate_OccupationCodeMalformed_ReportsPatternAtTheCode(string code, string value)
    {
        // Arrange
        var cv = ExampleCv();
        cv["jobsSought"]![0]!["occupation"]![code] = value;

        // Act
        var errors = Validate(cv);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal(("/jobsSought/0/occupation/" + code, "pattern"), (error.Field, error.Rule));
    }

    [Fact]
    public void Validate_ValueOfWrongType_ReportsTypeWithExpectedType()
    {
        // Arrange
        var cv = ExampleCv();
        cv["version"] = "3";

        // Act
        var errors = Validate(cv);

        // Assert
        Assert.Equal([new FieldError("/version", "type", "must be an integer")], errors);
    }

    [Fact]
    public void Validate_TooManyJobsSought_ReportsMaxItems()
    {
        // Arrange
        var cv = ExampleCv();
        var jobs = new JsonArray();
        for (var i = 0; i < 21; i++)
        {
            jobs.Add(new JsonObject { ["occupation"] = new JsonObject { ["isco08"] = "5321" } });
        }
        cv["jobsSought"] = jobs;

        // Act
        var errors = Validate(cv);

        // Assert
        Assert.Equal([new FieldError("/jobsSought", "maxItems", "must have at most 20 items")], errors);
    }

    [Fact]
    public void Validate_RootNotAnObject_ReportsTypeAtRoot()
    {
        // Arrange
        using var document = JsonDocument.Parse("[1, 2, 3]");

        // Act
        var errors = CvSchemaValidator.Instance.Validate(document.RootElement);

        // Assert
        Assert.Equal([new FieldError("", "type", "must be an object")], errors);
    }

    [Fact]
    public void Validate_EmptyObject_ReportsEveryRequiredRootProperty()
    {
        // Arrange
        using var document = JsonDocument.Parse("{}");

        // Act
        var errors = CvSchemaValidator.Instance.Validate(document.RootElement);

        // Assert
        Assert.Equal(
            ["/citizenId", "/externalId", "/personalDetails", "/publication"],
            errors.Where(e => e.Rule == "required").Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public async Task Validate_CalledConcurrently_GivesTheSameAnswerEveryTime()
    {
        // Arrange
        var cv = ExampleCv();
        cv["personalDetails"]!["email"] = "nope";
        ((JsonObject)cv["personalDetails"]!).Remove("familyName");
        var bad = JsonSerializer.SerializeToElement(cv);
        var good = JsonSerializer.SerializeToElement(ExampleCv());
        var expected = CvSchemaValidator.Instance.Validate(bad);

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            CvSchemaValidator.Instance.Validate(i % 2 == 0 ? bad : good))));

        // Assert
        Assert.Equal(2, expected.Count);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? expected : [], results[i]);
        }
    }

    private static JsonObject ExampleCv() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.ContractsExamples, "cv.json")))!.AsObject();

    private static IReadOnlyList<FieldError> Validate(JsonObject cv) =>
        CvSchemaValidator.Instance.Validate(JsonSerializer.SerializeToElement(cv));

    private static JsonNode Find(JsonNode root, string path)
    {
        var node = root;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : node[segment]!;
        }
        return node;
    }

    private static (JsonNode Parent, string Name) Split(JsonNode root, string path)
    {
        var slash = path.LastIndexOf('/');
        return (Find(root, path[..slash]), path[(slash + 1)..]);
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, name) = Split(root, path);
        Assert.True(((JsonObject)parent).Remove(name), $"the example has no {path}");
    }

    private static void Set(JsonNode root, string path, string value)
    {
        var (parent, name) = Split(root, path);
        if (parent is JsonArray array)
        {
            array[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            Assert.True(((JsonObject)parent).ContainsKey(name), $"the example has no {path}");
            parent[name] = value;
        }
    }
}
