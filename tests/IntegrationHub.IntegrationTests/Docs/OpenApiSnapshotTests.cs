using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Docs;

/// <summary>
/// The safety net of ADR 0038: the document the hand-written catalog built (openapi-before-0038.json, captured before
/// the move to attributes and typed records) against the one built now, compared by meaning: paths, methods,
/// parameters, request bodies, response codes and their schemas (references resolved, descriptions ignored). Every
/// difference must be listed in <see cref="Allowed"/> with why; a difference not listed fails with the whole list.
/// </summary>
public sealed class OpenApiSnapshotTests
{
    private const string Snapshot = "openapi-before-0038.json";
    private const string ComponentPrefix = "#/components/schemas/";

    /// <summary>Differences from the old document, each where the old one was wrong or said less than the hub answers.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["- POST /api/breaches/{breachId}/approve response 409 problems*"] = "approval refuses letters without what GDPR art. 34(2) requires (ADR 0034, after the snapshot)",
        ["+ POST /api/breaches/{breachId}/approve response 409 problems*gdpr-art34-content*"] = "the same",
        ["+ problem gdpr-art34-content 409"] = "the same: its problem type",
        ["- POST /api/breaches/{breachId}/dry-run response 200*"] = "the dry run answers 202 Accepted (a worker counts the audience); the catalog said 200",
        ["+ POST /api/breaches/{breachId}/dry-run response 202*"] = "the same: 202 with the campaign",
        ["- DELETE /api/jobads/{adId} response 202 application/json: $JobAdStatus"] = "a withdrawal answers 202 with no body; the catalog promised the submit answer",
        ["- GET /api/jobads/{adId} response 200 application/json: $JobAdStatus"] = "GET answers JobAdView (reference, expires, withdrawn, each board's full state), not the submit answer",
        ["+ GET /api/jobads/{adId} response 200 application/json: $JobAdView"] = "the same",
        ["+ $JobAdView*"] = "the same: the record GET answers with",
        ["- $Window*"] = "a record used inside others is inlined by the exporter; its shape is compared where it is used, unchanged",
        ["- $KeyCount*"] = "the same (BreachCount, inlined)",
        ["- $Counts*"] = "the same (the audience's dictionaries, inlined)",
        ["- $BreachProgress*"] = "the same (inlined in BreachCampaign.progress)",
        ["- $EuresReference*"] = "the same (EuresJvReference, inlined in getAll and getChanges)",
        ["- $*: required [*"] = "required now lists every property the record always writes: a nullable one written as null is required (ASP.NET Core writes nulls), one left out when null is not (NullsOmitted)",
        ["+ $*: required [*"] = "the same",
        ["+ $BreachCampaign.createdAt*"] = "written by the view, missing from the hand-written schema",
        ["+ $BreachCampaign.likelyConsequences*"] = "the same",
        ["+ $BreachCampaign.measuresTaken*"] = "the same",
        ["+ $BreachCampaign.reportFiled*"] = "the same",
        ["- $BreachCampaignDraft.likelyConsequences: *"] = "a text, or a text per letter language: each letter says it in its own language (GDPR art. 34(2), ADR 0034 update)",
        ["- $BreachCampaignDraft.measuresTaken: *"] = "the same",
        ["+ $BreachCampaignDraft.likelyConsequences<oneOf*"] = "the same: oneOf string | object of language -> string",
        ["+ $BreachCampaignDraft.measuresTaken<oneOf*"] = "the same",
        ["+ $BreachCampaignDraftCampaignText*"] = "the same: the contract's $defs/campaignText, hoisted",
        ["+ $BreachCampaignDraftText*"] = "the same: $defs/text, one language's text",
        ["+ $BreachCampaign.*ByLanguage*"] = "the campaign's texts per letter language (ADR 0034 update)",
        ["+ $BreachReport.*ByLanguage*"] = "the report's texts per letter language, the fallback language first (ADR 0034 update)",
        ["+ $BreachReport.countedAt*"] = "written by the report, missing from the hand-written schema",
        ["+ $BreachReport.peopleBy*"] = "the same",
        ["+ $BreachReport.unresolvedCvs*"] = "the same",
        ["+ $BreachReport.timeline.*"] = "the same (the timeline's actions and window)",
        ["+ $CvAccepted.warnings[]*"] = "a warning's field, rule and detail, where the old schema said only object",
        ["+ $JobAdStatus.boards[].*"] = "each board's attempts, reference, last error, version and time: written, missing from the hand-written schema",
        ["* $BreachCampaign.progress.percent: type *"] = "percent is an integer (the view's int); the old schema said number",
        ["* $BreachCampaign.progress: type *"] = "progress is null before a campaign starts; the old schema said object only",
        ["* $Eures*Timestamp: type *"] = "a closing or modification time may be null (left out of the JSON, as NAV's export does)",
        ["* $IncidentDetail.detail: type *"] = "the view's detail is never null",
        ["- GET /api/feed/cvs response 200 application/json: $Object"] = "the board feed answers records now (BoardFeedReferences): described, where it said object",
        ["+ GET /api/feed/cvs response 200 application/json: $BoardFeedReferences"] = "the same",
        ["+ $BoardFeedReferences*"] = "the same",
        ["- GET /api/feed/cvs/changes response 200 application/json: $Object"] = "the same (BoardFeedChanges)",
        ["+ GET /api/feed/cvs/changes response 200 application/json: $BoardFeedChanges"] = "the same",
        ["+ $BoardFeedChanges*"] = "the same",
        ["- GET /api/visibility/exposures response 200 application/json: $Object"] = "the exposures answer a record now (ExposureList): described, where it said object",
        ["+ GET /api/visibility/exposures response 200 application/json: $ExposureList"] = "the same",
        ["+ $ExposureList*"] = "the same",
        ["- GET /api/cvs response 200 application/json: $Object"] = "the employer search page answers a record now (CvSearchResults: items and the sealed next), the JSON unchanged: described, where it said object",
        ["+ GET /api/cvs response 200 application/json: $CvSearchResults"] = "the same",
        ["+ $CvSearchResults*"] = "the same: a hit's cvId, presentation (anonymous or open), day of last activity and index values",
        ["- GET /api/cvs/{cvId}/access-log response 200 application/json: $Object"] = "the access log answers a record now (CvAccessLogPage, from CvAccessLogQuery), the JSON unchanged: described, where it said object",
        ["+ GET /api/cvs/{cvId}/access-log response 200 application/json: $CvAccessLogPage"] = "the same",
        ["+ $CvAccessLogPage*"] = "the same: the window, next, and each read's time, party, client, user (null for a board's feed), kind and fields",
        ["- GET /api/cvs/{cvId}/visibility response 200 application/json: $Object"] = "the visibility answer is a record now (CvVisibilityView), the JSON unchanged: described, where it said object",
        ["+ GET /api/cvs/{cvId}/visibility response 200 application/json: $CvVisibilityView"] = "the same",
        ["+ $CvVisibilityView*"] = "the same: audience and presentation enums, reasons, legalBasis per purpose, the facts (unknown: null), the served history",
        ["- GET /api/feed/cvs response 429"] = "the feed's references carry no CV content and are not counted, so no per-minute or per-hour limit answers 429 there (a suspension does: 403 account-suspended, as the catalog said)",
        ["- GET /api/feed/cvs response 429 problems [*rate-limited]"] = "the same",
        ["- GET /api/feed/cvs/changes response 429"] = "the same",
        ["- GET /api/feed/cvs/changes response 429 problems [*rate-limited]"] = "the same",
        ["- POST /api/consent-events response 200 application/json: $Object"] = "the consent-event results are a record now (CitizenEventResults), the JSON unchanged: described, where it said object",
        ["+ POST /api/consent-events response 200 application/json: $CitizenEventResults"] = "the same",
        ["+ $CitizenEventResults*"] = "the same: each event's index, id, status (applied, duplicate, rejected) and errors (null unless rejected)",
        ["+ * response 503"] = "a read the access counters could not record is 503 with its own types, not the ceiling's 429 rate-limited: no limit was reached (ADR 0054, amended); on the employer search, view and the feed's details",
        ["+ * response 503 problems [*access-counter-busy,*access-counter-unavailable]"] = "the same",
        ["+ problem access-counter-* 503"] = "the same: the two problem types (the race lost for the whole budget; the store failed)",
    };

    [Fact]
    public void Document_ComparedWithTheCatalogBuiltOne_DiffersOnlyWhereListed()
    {
        var before = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("tests", "IntegrationHub.IntegrationTests", "Docs", Snapshot)))!.AsObject();
        var now = OpenApiDocument.Build(new HubFunctionCatalog());

        var old = Facts(before);
        var current = Facts(now);
        var differences = old.Except(current).Select(f => "- " + f).Concat(current.Except(old).Select(f => "+ " + f)).Order(StringComparer.Ordinal).ToList();
        var unexplained = differences.Where(d => !Allowed.Keys.Any(a => Matches(a, d))).ToList();
        var stale = Allowed.Keys.Where(a => !differences.Any(d => Matches(a, d))).ToList();

        // The document built now, to compare by hand, only when the test fails: a file of this run's own (a fixed name in
        // the temp folder was overwritten by runs side by side, so a failure could point at another run's document).
        var written = unexplained.Count + stale.Count == 0 ? "" : Written(now);
        Assert.True(unexplained.Count == 0, $"Differences from the old document (the one built now: {written}) not listed as allowed:\n" + string.Join("\n", unexplained));
        Assert.True(stale.Count == 0, $"Allowed differences that no longer occur (remove them; the document built now: {written}):\n" + string.Join("\n", stale));
    }

    private static string Written(JsonObject document)
    {
        var path = Path.Combine(Path.GetTempPath(), $"openapi-now-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>
    /// An allowed difference: the line itself, or a pattern where <c>*</c> stands for any text. Matched piece by piece,
    /// leftmost first, not by a regular expression: its 1 s match timeout failed the test on a loaded machine.
    /// </summary>
    private static bool Matches(string allowed, string difference)
    {
        var parts = allowed.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(allowed, difference, StringComparison.Ordinal);
        }
        if (difference.Length < parts[0].Length + parts[^1].Length
            || !difference.StartsWith(parts[0], StringComparison.Ordinal) || !difference.EndsWith(parts[^1], StringComparison.Ordinal))
        {
            return false;
        }
        var at = parts[0].Length;
        var end = difference.Length - parts[^1].Length;
        foreach (var part in parts[1..^1])
        {
            var found = difference.IndexOf(part, at, end - at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            at = found + part.Length;
        }
        return true;
    }

    /// <summary>The document as a set of lines, one per fact a caller relies on.</summary>
    internal static HashSet<string> Facts(JsonObject document)
    {
        var facts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var at = $"{method.ToUpperInvariant()} {path}";
                facts.Add($"{at} operation {operation["operationId"]} roles [{Join(operation["x-roles"])}]");
                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    var name = $"{at} parameter {parameter!["in"]}:{parameter["name"]}";
                    facts.Add($"{name} required={(parameter["required"]?.GetValue<bool>() ?? false).ToString().ToLowerInvariant()}");
                    Shape(name, parameter["schema"]!, document, facts, []);
                }
                if (operation["requestBody"] is JsonObject body)
                {
                    foreach (var (media, content) in body["content"]!.AsObject())
                    {
                        Shape($"{at} request {media}", content!["schema"]!, document, facts, []);
                    }
                }
                foreach (var (status, answer) in operation["responses"]!.AsObject())
                {
                    var name = $"{at} response {status}";
                    facts.Add(name);
                    if (answer!["x-problem-types"] is JsonArray problems)
                    {
                        facts.Add($"{name} problems [{string.Join(",", problems.Select(p => p!.GetValue<string>()).Order(StringComparer.Ordinal))}]");
                        continue;
                    }
                    foreach (var (media, content) in answer["content"]?.AsObject() ?? [])
                    {
                        Shape($"{name} {media}", content!["schema"]!, document, facts, []);
                    }
                }
            }
        }
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            Shape($"${name}", schema!, document, facts, []);
        }
        foreach (var (type, problem) in document["x-problem-types"]!.AsObject())
        {
            facts.Add($"problem {type} {problem!["status"]}");
        }
        return facts;
    }

    /// <summary>A schema as lines "path: keyword value", references resolved (a cycle stops at the repeated component).</summary>
    private static void Shape(string at, JsonNode schema, JsonObject document, HashSet<string> facts, HashSet<string> seen)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            // An operation names the component it answers with, which is compared once, as a component, with every
            // component it uses in turn inlined: a shape moved inline (or out to a component of its own) is no difference.
            if (!at.StartsWith('$') && reference.StartsWith(ComponentPrefix, StringComparison.Ordinal) && !reference[ComponentPrefix.Length..].Contains('/', StringComparison.Ordinal))
            {
                facts.Add($"{at}: ${reference[ComponentPrefix.Length..]}");
                return;
            }
            if (!seen.Add(reference))
            {
                facts.Add($"{at}: cycle {reference}");
                return;
            }
            var target = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate((JsonNode?)document, (node, token) => node?[token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]);
            Assert.True(target is not null, $"{at}: $ref {reference} does not resolve in the document");
            Shape(at, target, document, facts, seen);
            seen.Remove(reference);
            return;
        }
        var s = schema.AsObject();
        var types = s["type"] switch
        {
            JsonArray a => a.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue v => [v.GetValue<string>()],
            _ => [],
        };
        if (s["enum"] is JsonArray values)
        {
            facts.Add($"{at}: enum [{string.Join(",", values.Select(v => v?.ToJsonString() ?? "null").Order(StringComparer.Ordinal))}]");
            types.Remove("string");
        }
        if (types.Count > 0)
        {
            facts.Add($"{at}: type {string.Join("|", types.Order(StringComparer.Ordinal))}");
        }
        if (s["const"] is JsonValue constant)
        {
            facts.Add($"{at}: enum [{constant.ToJsonString()}]");
        }
        foreach (var keyword in new[] { "format", "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum", "additionalProperties" })
        {
            if (s[keyword] is JsonValue value)
            {
                facts.Add($"{at}: {keyword} {value.ToJsonString()}");
            }
        }
        if (s["required"] is JsonArray required)
        {
            facts.Add($"{at}: required [{string.Join(",", required.Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal))}]");
        }
        foreach (var (name, property) in s["properties"]?.AsObject() ?? [])
        {
            Shape($"{at}.{name}", property!, document, facts, seen);
        }
        if (s["items"] is JsonObject items)
        {
            Shape($"{at}[]", items, document, facts, seen);
        }
        if (s["additionalProperties"] is JsonObject values2)
        {
            Shape($"{at}{{}}", values2, document, facts, seen);
        }
        foreach (var keyword in new[] { "anyOf", "oneOf", "allOf" })
        {
            var i = 0;
            foreach (var option in s[keyword]?.AsArray() ?? [])
            {
                Shape($"{at}<{keyword}{(i++).ToString(CultureInfo.InvariantCulture)}>", option!, document, facts, seen);
            }
        }
    }

    private static string Join(JsonNode? array) =>
        array is JsonArray a ? string.Join(",", a.Select(x => x!.GetValue<string>())) : "";
}
