using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace IntegrationHub.StandIns;

/// <summary>
/// Jobnet (STAR) under /jobnet. From STAR's pages: a request id per call, a repeat refused with 412 (x-requestId on STAR's
/// REST services); a new or updated ad goes to approval before publication (JobAdService AddJob/UpdateJob); close. The
/// routes, the JSON and the status spelling are assumed (docs/boards/jobnet.md). The ad is in approval ("Processed")
/// until <see cref="Board.DecisionDelay"/> has passed, then published ("Publication") or, with
/// <see cref="Board.RefuseWith"/>, not approved.
/// </summary>
public sealed partial class BoardStandIns
{
    // ------------------------------------------------------------ Jobnet: /jobnet/api/jobads[/{id}[/close]]

    private static (int, string) Jobnet(Board board, string method, string[] path, RecordedRequest request, string externalReference)
    {
        if (path.Length < 3 || path[1] != "api" || path[2] != "jobads")
        {
            return (404, "unknown path");
        }
        if (method == "GET" && path.Length == 3)
        {
            var found = board.Ads.Values.FirstOrDefault(a => a.ExternalReference == externalReference);
            return found is null ? (404, "no such ad") : (200, new JsonObject { ["id"] = found.Key }.ToJsonString());
        }
        if (method == "GET" && path.Length == 4)
        {
            // The ad's state: in approval ("Processed") until Jobnet decides, then published or not approved.
            if (!board.Ads.TryGetValue(path[3], out var ad))
            {
                return (404, "no such ad");
            }
            var approved = board.Decide(ad, DateTimeOffset.UtcNow);
            var status = !ad.Live ? "PublicationEnd" : approved switch { true => "Publication", false => "NotApproved", null => "Processed" };
            return (200, new JsonObject { ["id"] = ad.Key, ["status"] = status, ["reason"] = approved == false ? ad.Refusal : null }.ToJsonString());
        }
        if (request.RequestId is null)
        {
            return (400, "X-Request-Id is required");
        }
        if (!board.RequestIds.TryAdd(request.RequestId, 0))
        {
            return (412, "request id already used");
        }
        if (method is "POST" or "PUT" && path.Length <= 4 && (path.Length == 3) == (method == "POST"))
        {
            JsonObject ad;
            try
            {
                ad = JsonNode.Parse(request.Body)!.AsObject();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return (400, "body is not a JSON object");
            }
            var reference = ad["externalReference"]?.GetValue<string>();
            if (reference is null || ad["title"] is null
                || (ad["occupation"]?["discoCode"]?.GetValue<string>() is not { Length: 4 } && ad["occupation"]?["conceptUri"]?.GetValue<string>() is not { Length: > 0 })
                || ad["workplace"]?["countryCode"]?.GetValue<string>() != "DK")
            {
                return (400, "externalReference, title, an occupation (conceptUri or discoCode) and a workplace in DK are required");
            }
            if (DateOnly.Parse(ad["lastPublicationDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).DayNumber
                - DateOnly.Parse(ad["publicationDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).DayNumber > 7 * 8)
            {
                return (400, "an ad is published for at most 8 weeks");
            }
            var id = method == "POST" ? "JN-" + board.NextId() : path[3];
            if (method == "PUT" && !board.Ads.ContainsKey(id))
            {
                return (404, "no such ad");
            }
            board.Store(id, request.Body, request.RequestId, reference);
            return (method == "POST" ? 201 : 200, new JsonObject { ["id"] = id }.ToJsonString());
        }
        if (method == "POST" && path.Length == 5 && path[4] == "close")
        {
            return board.Remove(path[3]) ? (200, "{}") : (404, "no such ad");
        }
        return (405, "method not allowed");
    }
}
