using IntegrationHub.Core.JobAds;

namespace IntegrationHub.UnitTests.JobAds;

/// <summary>No board ever sees script, event handlers or external resources.</summary>
public sealed class AdTextSanitizerTests
{
    [Theory]
    [InlineData("<p>Hei</p><script>alert(1)</script>", "script")]
    [InlineData("<p onclick=\"steal()\">Hei</p>", "onclick")]
    [InlineData("<img src=\"https://tracker.example/p.gif\" onerror=\"x()\">", "img")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "iframe")]
    [InlineData("<p style=\"background:url(https://tracker.example/a.png)\">x</p>", "url(")]
    [InlineData("<link rel=\"stylesheet\" href=\"https://cdn.example/x.css\">", "link")]
    [InlineData("<a href=\"javascript:alert(1)\">klikk</a>", "javascript")]
    [InlineData("<svg><script>alert(1)</script></svg>", "alert")]
    [InlineData("<object data=\"https://x.example/a.swf\"></object>", "object")]
    public void Sanitize_DangerousMarkup_IsRemoved(string html, string forbidden)
    {
        // Act
        var clean = AdTextSanitizer.Sanitize(html);

        // Assert
        Assert.DoesNotContain(forbidden, clean, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Sanitize_BasicFormattingAndHttpsLinks_AreKept()
    {
        // Arrange
        const string html = "<h3>Om stillingen</h3><p>Vi søker en <strong>helsefagarbeider</strong>.</p><ul><li>Fast</li></ul><p><a href=\"https://example.com/jobb\">Les mer</a></p>";

        // Act
        var clean = AdTextSanitizer.Sanitize(html);

        // Assert
        Assert.Equal(html, clean);
    }

    [Fact]
    public void Sanitize_UnknownTags_KeepTheirText()
    {
        // Act
        var clean = AdTextSanitizer.Sanitize("<div><span>Søk nå</span></div>");

        // Assert
        Assert.Equal("Søk nå", clean);
    }
}
