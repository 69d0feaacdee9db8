using System.Diagnostics;
using OpenTelemetry;

namespace IntegrationHub.Functions.Hosting;

/// <summary>
/// Takes out of every span what could name a person before any exporter sees it (issue 17): an HTTP server span's path
/// becomes its route template (a route such as a citizen's export names the citizen), and a client span's URL loses
/// its query and a table entity's keys (the Azure SDK's spans carry the request URL, and the hub's tables are keyed by
/// citizen id in places: "Table(PartitionKey='..',RowKey='..')" keeps only "Table").
/// </summary>
public sealed class TelemetryScrubber : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.full", "http.url", "http.target"];

    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem("http.route") is string route && data.GetTagItem("url.path") is not null)
        {
            data.SetTag("url.path", "/" + route.TrimStart('/'));
        }
        data.SetTag("url.query", null);
        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string url)
            {
                data.SetTag(tag, Scrub(url));
            }
        }
        // The display name of a client span may repeat the URL's path.
        if (data.DisplayName.Contains('(', StringComparison.Ordinal) || data.DisplayName.Contains('?', StringComparison.Ordinal))
        {
            data.DisplayName = Scrub(data.DisplayName);
        }
    }

    public static string Scrub(string url)
    {
        var cut = url.IndexOfAny(['?', '(']);
        return cut < 0 ? url : url[..cut];
    }
}
