using Ganss.Xss;

namespace IntegrationHub.Core.JobAds;

/// <summary>
/// Cleans an ad's HTML before any board sees it: basic formatting and links only. Scripts, event handlers, styles,
/// images, frames, objects and every other external resource are removed; links keep only https, http and mailto.
/// Uses HtmlSanitizer (an HTML5 parser, AngleSharp), not regular expressions.
/// </summary>
public static class AdTextSanitizer
{
    /// <summary>Removed with everything inside them (their text is code or markup, not ad text).</summary>
    private static readonly HashSet<string> DropWithContent = new(["script", "style", "svg", "math", "iframe", "object", "embed", "noscript", "template", "head", "title"], StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Tags = ["p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "a", "blockquote"];

    // The sanitizer's options are fixed after construction; Sanitize is thread-safe for a configured instance.
    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string Sanitize(string html) => Sanitizer.Sanitize(html).Trim();

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["https", "http", "mailto"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DropWithContent.Contains(e.Tag.LocalName))
            {
                e.Tag.InnerHtml = "";
            }
        };
        return sanitizer;
    }
}
