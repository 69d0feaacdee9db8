using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace IntegrationHub.IntegrationTests.JobAds.Eures;

/// <summary>
/// A stand-in for EURES pulling a national service's vacancies, built from the contract NAV's export serves
/// (navikt/pam-eures-stilling-eksport: euresapi/ApiController.kt for the routes, ApiServiceModel.kt for the JSON,
/// README.md for epoch-millisecond times, AdApiService.kt for the changes' split, JobVacancy.kt and
/// src/test/resources/ads/*.xml for the content). It refuses any answer that breaks that contract, as EURES would
/// fail to read it: a missing or mistyped property, a status other than ACTIVE/CLOSED, a closed vacancy without its
/// closing time, a content version other than 1.3, content that is not an HR-XML 3 PositionOpening for the reference.
/// </summary>
public sealed class EuresPuller(HttpClient http)
{
    public const string Base = "api/eures/jv/v0.1/";
    private static readonly XNamespace Hr = "http://www.hr-xml.org/3";

    public sealed record Reference(long CreationTimestamp, long LastModificationTimestamp, long? ClosingTimestamp, string Id, string Source, string Status);

    public sealed record Details(Reference Reference, XDocument Content);

    public sealed record Changes(IReadOnlyList<Reference> Created, IReadOnlyList<Reference> Modified, IReadOnlyList<Reference> Closed)
    {
        public IEnumerable<Reference> All => Created.Concat(Modified).Concat(Closed);
    }

    public async Task<string> PingAsync()
    {
        using var response = await http.GetAsync(Base + "ping");
        await EnsureOk(response);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<IReadOnlyList<Reference>> GetAllAsync()
    {
        using var json = await GetJson(Base + "getAll");
        return [.. Array(json.RootElement, "allReferences").Select(ReadReference)];
    }

    public async Task<Changes> GetChangesAsync(DateTimeOffset since)
    {
        using var json = await GetJson(Base + "getChanges/" + since.ToUnixTimeMilliseconds());
        var changes = new Changes(
            [.. Array(json.RootElement, "createdReferences").Select(ReadReference)],
            [.. Array(json.RootElement, "modifiedReferences").Select(ReadReference)],
            [.. Array(json.RootElement, "closedReferences").Select(ReadReference)]);
        // NAV's split: closed ones carry a closing time; created ones were never modified; the rest are modified.
        Require(changes.Closed.All(r => r.ClosingTimestamp is not null && r.Status == "CLOSED"), "closedReferences must be CLOSED with a closingTimestamp");
        Require(changes.Created.All(r => r.ClosingTimestamp is null && r.CreationTimestamp == r.LastModificationTimestamp), "createdReferences must be unmodified and open");
        Require(changes.Modified.All(r => r.ClosingTimestamp is null && r.CreationTimestamp < r.LastModificationTimestamp), "modifiedReferences must be modified and open");
        Require(changes.All.All(r => r.LastModificationTimestamp >= since.ToUnixTimeMilliseconds()), "changes are at or after the time asked for");
        return changes;
    }

    public async Task<IReadOnlyDictionary<string, Details>> GetDetailsAsync(params string[] references)
    {
        using var response = await PostDetailsAsync(JsonSerializer.Serialize(references));
        await EnsureOk(response);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var details = Property(json.RootElement, "details", JsonValueKind.Object);
        var result = new Dictionary<string, Details>(StringComparer.Ordinal);
        foreach (var entry in details.EnumerateObject())
        {
            var d = entry.Value;
            var reference = new Reference(
                Long(d, "creationTimestamp"),
                d.TryGetProperty("lastModificationTimestamp", out _) ? Long(d, "lastModificationTimestamp") : 0,
                d.TryGetProperty("closingTimestamp", out _) ? Long(d, "closingTimestamp") : null,
                Text(d, "reference"),
                Text(d, "source"),
                Status(d));
            Require(reference.Id == entry.Name, "details are keyed by their reference");
            Require(Text(d, "contentFormatVersion") == "1.3", "contentFormatVersion must be 1.3");
            var content = XDocument.Parse(Text(d, "content"));
            Require(content.Root!.Name == Hr + "PositionOpening", "content must be an HR-XML 3 PositionOpening");
            Require(content.Root.Element(Hr + "DocumentID")?.Value == reference.Id, "the PositionOpening's DocumentID must be the reference");
            Require(content.Root.Element(Hr + "PositionProfile")?.Elements(Hr + "JobCategoryCode").Any() == true, "a vacancy names its occupation");
            Require((reference.Status == "CLOSED") == (reference.ClosingTimestamp is not null), "CLOSED exactly when a closingTimestamp is given");
            result[entry.Name] = new Details(reference, content);
        }
        return result;
    }

    /// <summary>The raw call, for tests of what the exchange refuses.</summary>
    public Task<HttpResponseMessage> PostDetailsAsync(string body) =>
        http.PostAsync(Base + "getDetails", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<JsonDocument> GetJson(string path)
    {
        using var response = await http.GetAsync(path);
        await EnsureOk(response);
        Require(response.Content.Headers.ContentType?.MediaType == "application/json", "answers are JSON");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task EnsureOk(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"EURES stand-in: {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static Reference ReadReference(JsonElement e) => new(
        Long(e, "creationTimestamp"),
        Long(e, "lastModificationTimestamp"),
        e.TryGetProperty("closingTimestamp", out _) ? Long(e, "closingTimestamp") : null,
        Text(e, "reference"),
        Text(e, "source"),
        Status(e));

    private static string Status(JsonElement e)
    {
        var status = Text(e, "status");
        Require(status is "ACTIVE" or "CLOSED", $"status must be ACTIVE or CLOSED, not '{status}'");
        return status;
    }

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) => Property(e, name, JsonValueKind.Array).EnumerateArray();

    private static long Long(JsonElement e, string name)
    {
        var value = Property(e, name, JsonValueKind.Number);
        Require(value.TryGetInt64(out var millis) && millis > 1_000_000_000_000, $"{name} must be epoch milliseconds");
        return millis;
    }

    private static string Text(JsonElement e, string name) => Property(e, name, JsonValueKind.String).GetString()!;

    private static JsonElement Property(JsonElement e, string name, JsonValueKind kind)
    {
        Require(e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == kind, $"'{name}' must be a {kind}");
        return e.GetProperty(name);
    }

    private static void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException("EURES stand-in refuses the answer: " + rule);
        }
    }
}
