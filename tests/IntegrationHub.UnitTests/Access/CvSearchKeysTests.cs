using IntegrationHub.Core.Access;

namespace IntegrationHub.UnitTests.Access;

public sealed class CvSearchKeysTests
{
    [Theory]
    [InlineData("c#", "skill|c%23")]
    [InlineData("TCP/IP", "skill|tcp%2Fip")]
    [InlineData("what?", "skill|what%3F")]
    [InlineData("a\\b", "skill|a%5Cb")]
    [InlineData("100%", "skill|100%25")]
    [InlineData("python", "skill|python")]
    public void Skill_CharactersTableKeysForbid_AreEscaped(string skill, string expected)
    {
        Assert.Equal(expected, CvSearchKeys.Skill(skill));
    }

    [Fact]
    public void KeySafe_DistinctValues_StayDistinct()
    {
        Assert.NotEqual(CvSearchKeys.KeySafe("a/b"), CvSearchKeys.KeySafe("a%2Fb"));
    }

    [Theory]
    [InlineData("5321", "isco08:5321")]
    [InlineData("styrk08:5321", "styrk08:5321")]
    [InlineData("http://data.europa.eu/esco/occupation/abc", "esco:http://data.europa.eu/esco/occupation/abc")]
    [InlineData("plumber", null)]
    public void NormaliseOccupation_AcceptedSpellings(string value, string? expected)
    {
        Assert.Equal(expected, CvSearchKeys.NormaliseOccupation(value));
    }

    [Fact]
    public void Occupation_EscoUri_MakesAKeyWithoutSlashes()
    {
        Assert.DoesNotContain('/', CvSearchKeys.Occupation(CvSearchKeys.NormaliseOccupation("http://data.europa.eu/esco/occupation/abc")!));
    }
}
