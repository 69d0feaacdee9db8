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

    [Theory]
    [InlineData("all", "2026-11-30T23:59:59Z", "202611")]
    [InlineData("all", "2026-12-01T00:00:00Z", "202612")]
    [InlineData("all", "2026-12-01T00:30:00+01:00", "202611")]
    [InlineData("occ+lang|isco08:5321|pl", "2026-12-31T23:59:59Z", "2026")]
    [InlineData("skill|kran", "2027-01-01T00:00:00Z", "2027")]
    [InlineData("lang|nb", "2027-01-01T00:30:00+01:00", "2026")]
    public void Bucket_IsTheUtcMonthForAll_AndTheUtcYearForAValue_AndARowKeyGivesItBack(string dimension, string activity, string bucket)
    {
        // Arrange
        var at = DateTimeOffset.Parse(activity, System.Globalization.CultureInfo.InvariantCulture);
        var hit = new CvSearchHit("nav", "c", "cv1", "open", at, [], [], [], []);

        // Act / Assert
        Assert.Equal(bucket, CvSearchKeys.Bucket(dimension, at));
        Assert.Equal(bucket, CvSearchKeys.BucketOfRowKey(dimension, CvSearchKeys.RowKey(hit)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-row-key")]
    [InlineData("99999999999999999999|cv")]
    public void BucketOfRowKey_NotARowKey_IsNull(string continuation)
    {
        Assert.Null(CvSearchKeys.BucketOfRowKey(CvSearchKeys.All, continuation));
    }

    [Fact]
    public void ShardOf_SpreadsPartitionsOverEveryShard_AndIsStable()
    {
        // Arrange: the partitions of 40 occupations over 12 years.
        var partitions = Enumerable.Range(0, 40).SelectMany(o => Enumerable.Range(2015, 12).Select(year =>
            CvSearchKeys.Partition(CvSearchKeys.Occupation($"isco08:{1000 + o}"), $"{year}"))).ToList();

        // Act
        var shards = partitions.GroupBy(IntegrationHub.Storage.Access.TableCvSearchIndex.ShardOf).ToList();

        // Assert: every shard used, none with more than twice its share; the same partition always lands in the same shard.
        Assert.Equal(IntegrationHub.Storage.Access.AccessTables.CvSearchShardCount, shards.Count);
        Assert.True(shards.Max(g => g.Count()) <= 2 * partitions.Count / shards.Count, $"largest shard {shards.Max(g => g.Count())} of {partitions.Count}");
        Assert.Equal("CvSearch16", IntegrationHub.Storage.Access.TableCvSearchIndex.ShardOf("all|202611"));
    }

    [Fact]
    public void Dimensions_ListEachCriterionAndTheOccupationPairs()
    {
        // Arrange
        var hit = new CvSearchHit("nav", "c", "cv1", "open", DateTimeOffset.UnixEpoch, ["isco08:7212"], ["4601"], ["nb", "en"], ["c#"]);

        // Act
        var dimensions = CvSearchKeys.Dimensions(hit).ToList();

        // Assert
        Assert.Equal(
            ["all", "occ|isco08:7212", "skill|c%23", "mun|4601", "lang|nb", "lang|en",
             "occ+lang|isco08:7212|nb", "occ+lang|isco08:7212|en", "occ+mun|isco08:7212|4601"],
            dimensions);
    }

    [Theory]
    [InlineData("isco08:7212", "4601", "nb", null, "occ+mun|isco08:7212|4601")]
    [InlineData("isco08:7212", null, "NB", null, "occ+lang|isco08:7212|nb")]
    [InlineData("isco08:7212", null, null, "c#", "occ|isco08:7212")]
    [InlineData(null, "4601", "nb", null, "mun|4601")]
    [InlineData(null, null, "nb", "sql", "skill|sql")]
    [InlineData(null, null, null, null, "all")]
    public void PrimaryDimension_PrefersAnIndexedPair_ThenTheMostSelectiveCriterion(string? occupation, string? municipality, string? language, string? skill, string expected)
    {
        Assert.Equal(expected, CvSearchKeys.PrimaryDimension(new CvSearchQuery(occupation, skill, municipality, language, null, 20)));
    }
}
