using IntegrationHub.Contracts.Cvs;
using IntegrationHub.Core.JobAds;

namespace IntegrationHub.UnitTests.JobAds;

/// <summary>contracts/data/occupations.csv: each code system maps to the other two.</summary>
public sealed class OccupationMapTests
{
    [Fact]
    public void FromEsco_Occupation_GetsItsIscoGroupAndStyrk08()
    {
        // Arrange: ESCO "software developer", under ISCO-08 2512.
        var code = new OccupationCode { Esco = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1" };

        // Act
        var complete = OccupationMap.Instance.Complete(code);

        // Assert
        Assert.Equal(("2512", "2512"), (complete.Isco08, complete.Styrk08));
        Assert.Equal(code.Esco, complete.Esco);
        Assert.Equal("software developer", complete.Label);
    }

    [Fact]
    public void FromIsco08_Group_GetsStyrk08AndTheEscoConceptOfTheGroup()
    {
        // Act
        var complete = OccupationMap.Instance.Complete(new OccupationCode { Isco08 = "5321" });

        // Assert
        Assert.Equal("5321", complete.Styrk08);
        Assert.Equal("http://data.europa.eu/esco/isco/C5321", complete.Esco);
    }

    [Theory]
    [InlineData("2221")]
    [InlineData("2221.02")]
    public void FromStyrk08_FourDigitsOrNavsFinerCode_GetsIsco08AndEsco(string styrk)
    {
        // Act
        var complete = OccupationMap.Instance.Complete(new OccupationCode { Styrk08 = styrk, Label = "Sykepleier" });

        // Assert
        Assert.Equal(styrk, complete.Styrk08);
        Assert.Equal("2221", complete.Isco08);
        Assert.Equal("http://data.europa.eu/esco/isco/C2221", complete.Esco);
        Assert.Equal("Sykepleier", complete.Label);
    }

    [Fact]
    public void UnknownCode_IsLeftAsGiven()
    {
        // Arrange
        var code = new OccupationCode { Isco08 = "0110" };

        // Act / Assert
        Assert.Equal(code, OccupationMap.Instance.Complete(code));
    }

    [Fact]
    public void DataFile_EveryRow_HasCodesTheSchemaAccepts_AndEveryGroupItsEscoConcept()
    {
        // Arrange
        var lines = File.ReadAllLines(RepoPaths.Combine("contracts", "data", "occupations.csv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1).Select(l => l.Split(',', 4)).ToList();

        // Act
        var groups = lines.Select(l => l[1]).ToHashSet();

        // Assert
        Assert.True(lines.Count >= 20);
        Assert.Equal(lines.Count, OccupationMap.Instance.Count);
        Assert.All(lines, l => Assert.Matches(@"^http://data\.europa\.eu/esco/(occupation/[0-9a-f-]+|isco/C[0-9]{4})$", l[0]));
        Assert.All(lines, l => Assert.Matches("^[0-9]{4}$", l[1]));
        Assert.All(lines, l => Assert.Matches("^[0-9]{4}$", l[2]));
        Assert.All(groups, g => Assert.Contains(lines, l => l[0] == OccupationMap.EscoIscoPrefix + g));
    }
}
