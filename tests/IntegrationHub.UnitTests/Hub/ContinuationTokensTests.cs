using System.Text;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.Hub;

public sealed class ContinuationTokensTests
{
    private const string KeyA = "dGVzdC1jb250aW51YXRpb24tdG9rZW4ta2V5LTAwMDA=";
    private const string KeyB = "YW5vdGhlci1jb250aW51YXRpb24tdG9rZW4ta2V5LTE=";
    // A search index row key: the inverted activity time and the CV id the caller must not read.
    private const string Position = "2520218475150000000|k4zwz2agd62h66amhjp6jixfom";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));

    private ContinuationTokens Tokens(string key, string? previous = null, DateTimeOffset? previousUntil = null) =>
        new(Options.Create(new TokenOptions { SigningKey = key, PreviousSigningKey = previous, PreviousKeyValidUntil = previousUntil }), _clock);

    [Fact]
    public void Seal_ThenOpen_SamePurpose_GivesThePosition_AndTheTokenDoesNotShowIt()
    {
        var tokens = Tokens(KeyA);

        var token = tokens.Seal("search|all", Position);

        Assert.Equal(Position, tokens.Open("search|all", token));
        Assert.DoesNotContain("k4zwz2agd62h66amhjp6jixfom", token, StringComparison.Ordinal);
        var decoded = Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (token.Length % 4)) % 4));
        Assert.DoesNotContain("k4zwz2agd62h66amhjp6jixfom", Encoding.Latin1.GetString(decoded), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AlteredForgedOrForAnotherPurpose_IsNull()
    {
        var tokens = Tokens(KeyA);
        var token = tokens.Seal("search|all", Position);
        var altered = (token[^3] == 'A' ? token[..^3] + "B" : token[..^3] + "A") + token[^2..];
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(Position));

        Assert.Null(tokens.Open("search|all", altered));
        Assert.Null(tokens.Open("search|all", forged));
        Assert.Null(tokens.Open("search|occ|isco08:5321", token));
        Assert.Null(tokens.Open("search|all", Position));
        Assert.Null(tokens.Open("search|all", "!!not base64!!"));
        Assert.Null(tokens.Open("search|all", ""));
    }

    [Fact]
    public void Open_SealedByAnotherKey_IsNull_ButAnotherInstanceWithTheSameKeyOpensIt()
    {
        var token = Tokens(KeyA).Seal("feed-shareable", "row-1");

        Assert.Null(Tokens(KeyB).Open("feed-shareable", token));
        Assert.Equal("row-1", Tokens(KeyA).Open("feed-shareable", token));
    }

    [Fact]
    public void Open_OlderThanTheLifetime_IsNull()
    {
        var tokens = Tokens(KeyA);
        var token = tokens.Seal("search|all", Position);

        _clock.Advance(TimeSpan.FromHours(23));
        var withinADay = tokens.Open("search|all", token);
        _clock.Advance(TimeSpan.FromHours(2));
        var afterADay = tokens.Open("search|all", token);

        Assert.Equal(Position, withinADay);
        Assert.Null(afterADay);
    }

    [Fact]
    public void Rotation_ThePreviousKeysTokensOpenUntilItsEnd_AndNewTokensUseTheNewKey()
    {
        var old = Tokens(KeyA).Seal("search|all", Position);
        var rotated = Tokens(KeyB, previous: KeyA, previousUntil: _clock.GetUtcNow().AddHours(1));
        var fresh = rotated.Seal("search|all", Position);

        var before = rotated.Open("search|all", old);
        _clock.Advance(TimeSpan.FromHours(2));
        var after = rotated.Open("search|all", old);

        Assert.Equal(Position, before);
        Assert.Null(after);
        Assert.Equal(Position, rotated.Open("search|all", fresh));
        Assert.Null(Tokens(KeyA).Open("search|all", fresh));
    }

    [Theory]
    [InlineData("Production", null, null, null, "Hub:Tokens:SigningKey is required outside Development")]
    [InlineData("Development", "c2hvcnQta2V5", null, null, "Hub:Tokens:SigningKey must be base64 of at least 32 bytes")]
    [InlineData("Production", "not base64 at all!", null, null, "Hub:Tokens:SigningKey must be base64")]
    [InlineData("Production", KeyA, KeyB, null, "Hub:Tokens:PreviousKeyValidUntil is required")]
    [InlineData("Production", KeyA, "c2hvcnQ=", "2026-12-06T00:00:00Z", "Hub:Tokens:PreviousSigningKey must be base64")]
    public void Validator_BadSettings_FailNamingTheSetting(string environment, string? key, string? previous, string? until, string expected)
    {
        var validator = new TokenOptionsValidator(new HostingEnvironment { EnvironmentName = environment });
        var options = new TokenOptions
        {
            SigningKey = key,
            PreviousSigningKey = previous,
            PreviousKeyValidUntil = until is null ? null : DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture),
        };

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_DevelopmentWithoutKey_Passes_AndSealsWithAKeyOfItsOwn()
    {
        var validator = new TokenOptionsValidator(new HostingEnvironment { EnvironmentName = Environments.Development });

        var result = validator.Validate(null, new TokenOptions());
        var tokens = new ContinuationTokens(Options.Create(new TokenOptions()), _clock);

        Assert.True(result.Succeeded);
        Assert.Equal("x", tokens.Open("p", tokens.Seal("p", "x")));
        Assert.Null(Tokens(KeyA).Open("p", tokens.Seal("p", "x")));
    }
}
