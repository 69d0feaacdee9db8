using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.StandIns;

/// <summary>
/// NAV's import API as navikt/pam-import-api (HEAD 36f0a6c) serves it, under /nav/stillingsimport. Facts from its source:
/// <list type="bullet">
/// <item>auth (security/JavalinAccessManager.kt, TokenService.kt): an HS256 bearer token from issuer
/// https://arbeidsplassen.nav.no with roles ROLE_PROVIDER and a providerId claim that must equal the path's; no header
/// or a bad signature 401, another provider 403, an unparsable token 500 (the catch-all handler);</item>
/// <item>routes (transferlog/TransferController.kt, adadminstatus/AdminStatusController.kt): batch, stream, DELETE, admin status;</item>
/// <item>the ad (dto/TransferDTO.kt) with its init checks, TransferLogService.validate (max 3 categories; the first
/// location needs a postal code, county or municipality unless abroad) and PropertyNameValueValidation (code lists from
/// navikt/pam-ansettelseskodeverk);</item>
/// <item>errors (exception/ImportApiErrorHandler.kt): 400/404 with {message, errorType, errorRef}; receipts
/// (dto/ResponseDTO.kt TransferLogDTO; the batch answers 201 with one, a known md5 200 SKIPPED); admin status 404 until
/// processed, then AdAdminStatusDTO.</item>
/// </list>
/// </summary>
public sealed partial class BoardStandIns
{
    /// <summary>The hub's provider id at the stand-in (NAV's provider ids are numbers).</summary>
    public const long NavProvider = 10000;

    public const string NavIssuer = "https://arbeidsplassen.nav.no";

    private static readonly byte[] NavSecret = Encoding.UTF8.GetBytes("stand-in secret for NAV's HS256 provider tokens, 256 bits+");

    /// <summary>pam-import-api's batch limit (application.yml adsSize).</summary>
    public const int NavMaxBatch = 100;

    /// <summary>Property names NAV knows (properties/PropertyNames.kt).</summary>
    public static readonly IReadOnlySet<string> NavPropertyNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "sourceurl", "applicationdue", "applicationemail", "applicationmail", "applicationlabel", "applicationurl",
        "employerdescription", "employerhomepage", "engagementtype", "extent", "occupation", "salary", "starttime", "role",
        "sector", "location", "jobtitle", "keywords", "author", "industry", "workhours", "workday", "facebookpage",
        "linkedinpage", "twitteraddress", "jobpercentage", "jobarrangement", "remote", "arbeidsplassenoccupation",
        "euresflagg", "workLanguage",
    };

    /// <summary>Coded properties and their values (PropertyNameValueValidation.kt; pam-ansettelseskodeverk's enums, bokmål = nynorsk texts).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> NavCodeLists = new Dictionary<string, IReadOnlySet<string>>
    {
        ["extent"] = new HashSet<string> { "Heltid", "Deltid" },
        ["engagementtype"] = new HashSet<string>
        {
            "Engasjement", "Fast", "Feriejobb", "Prosjekt", "Selvstendig næringsdrivende", "Sesong", "Vikariat", "Trainee",
            "Lærling", "Åremål", "Frilanser", "Annet",
        },
        ["jobarrangement"] = new HashSet<string> { "Skift", "Turnus", "Vakt" },
        ["workday"] = new HashSet<string> { "Lørdag", "Søndag", "Ukedager" },
        ["workhours"] = new HashSet<string> { "Dagtid", "Kveld", "Natt" },
        ["workLanguage"] = new HashSet<string> { "Norsk", "Engelsk", "Skandinavisk", "Samisk" },
        ["sector"] = new HashSet<string> { "Privat", "Offentlig" },
        ["remote"] = new HashSet<string> { "Hjemmekontor", "Hybridkontor", "Hjemmekontor ikke mulig" },
        ["euresflagg"] = new HashSet<string> { "true", "false" },
    };

    private static readonly HashSet<string> NavMultiValued = ["workday", "workhours", "workLanguage"];

    /// <summary>A provider token as NAV's TokenService mints it (HS256; sub, jti, iss, iat, roles, providerId).</summary>
    public static string NavToken(long providerId, byte[]? secret = null, string issuer = NavIssuer)
    {
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(Encoding.UTF8.GetBytes("""{"alg":"HS256"}"""));
        var claims = new JsonObject
        {
            ["sub"] = "integrationhub@example.com",
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = issuer,
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["roles"] = "ROLE_PROVIDER",
            ["providerId"] = providerId,
        };
        var payload = B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = B64(HMACSHA256.HashData(secret ?? NavSecret, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static (int, string) Nav(Board board, string method, string[] path, string body, string authorization)
    {
        // /nav/stillingsimport/api/v1/{transfers|adminstatus}/...
        if (path.Length < 6 || path[1] != "stillingsimport" || path[2] != "api" || path[3] != "v1" || path[4] is not ("transfers" or "adminstatus"))
        {
            return (404, "Not Found");
        }
        var providerSegment = path[5] == "batch" && path.Length > 6 ? path[6] : path[5];
        if (NavAuthorize(authorization, providerSegment) is { } refused)
        {
            return refused;
        }
        var provider = long.Parse(providerSegment, CultureInfo.InvariantCulture);
        return (method, path[4], path.Length) switch
        {
            ("POST", "transfers", 7) when path[5] == "batch" => NavBatch(board, provider, body),
            ("POST", "transfers", 6) => (200, NavStream(board, provider, body)),
            ("DELETE", "transfers", 7) => NavStop(board, provider, path[6]),
            ("GET", "adminstatus", 7) => NavAdminStatus(board, provider, path[6]),
            _ => (404, "Not Found"),
        };
    }

    private static (int, string)? NavAuthorize(string authorization, string providerSegment)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return (401, "Prøvde å hente ut access token men Authorization header finnes ikke");
        }
        var token = authorization.Replace("Bearer ", "", StringComparison.OrdinalIgnoreCase);
        var parts = token.Split('.');
        JsonNode? claims;
        try
        {
            claims = parts.Length == 3 ? JsonNode.Parse(Base64UrlDecode(parts[1])) : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return (500, "Invalid serialized unsecured/JWS/JWE object");
        }
        var expected = HMACSHA256.HashData(NavSecret, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, Base64UrlDecode(parts[2])))
        {
            return (401, "Ugyldig token");
        }
        if (claims?["iss"]?.GetValue<string>() != NavIssuer)
        {
            return (401, "Ugyldig isuer");
        }
        if (!long.TryParse(providerSegment, NumberStyles.None, CultureInfo.InvariantCulture, out var provider)
            || claims["providerId"]?.GetValue<long>() != provider)
        {
            return (403, $"Ugyldig providerId {providerSegment}");
        }
        return claims["roles"]?.GetValue<string>() == "ROLE_PROVIDER" ? null : (403, "Ugyldig rolle");
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }

    private static (int, string) NavBatch(Board board, long provider, string body)
    {
        JsonArray ads;
        try
        {
            ads = JsonNode.Parse(body)!.AsArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (400, NavError("Parse error: at [Source: REDACTED]", "PARSE_ERROR"));
        }
        if (ads.Count is 0 or > NavMaxBatch)
        {
            return (400, NavError($"ads should be between 1 to max {NavMaxBatch}", "INVALID_VALUE"));
        }
        var md5 = Md5(body);
        if (board.Transfers.ContainsKey(md5))
        {
            return (200, NavReceipt(provider, "SKIPPED", md5, 1, "Content already exist, skipping", versionId: null));
        }
        board.BatchSizes.Enqueue(ads.Count);
        foreach (var node in ads)
        {
            if (NavRefusal(node) is { } refusal)
            {
                // One invalid ad fails the whole batch: nothing of it is stored.
                return (400, NavError(refusal.Message, refusal.Type));
            }
        }
        foreach (var node in ads)
        {
            var json = node!.ToJsonString();
            board.Store(node["reference"]!.GetValue<string>(), json, Md5(json));
        }
        board.Transfers.TryAdd(md5, 0);
        return (201, NavReceipt(provider, "RECEIVED", md5, ads.Count, null, board.NextId()));
    }

    /// <summary>The stream route: ads one after another, a receipt per ad in order, always 200 (ERROR receipts for bad ads).</summary>
    private static string NavStream(Board board, long provider, string body)
    {
        var receipts = new StringBuilder();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { AllowMultipleValues = true });
        while (true)
        {
            JsonNode? node;
            try
            {
                if (!reader.Read())
                {
                    break;
                }
                node = JsonNode.Parse(ref reader);
            }
            catch (JsonException)
            {
                receipts.Append(NavReceipt(provider, "ERROR", "", 1, "JSON Parse error: at [Source: REDACTED]", null));
                break;
            }
            board.BatchSizes.Enqueue(1);
            var json = node?.ToJsonString() ?? "null";
            var md5 = Md5(json);
            if (board.Transfers.ContainsKey(md5))
            {
                receipts.Append(NavReceipt(provider, "SKIPPED", md5, 1, "Content already exist, skipping", null));
                continue;
            }
            if (NavRefusal(node) is { } refusal)
            {
                receipts.Append(NavReceipt(provider, "ERROR", "", 1, refusal.Type == "INVALID_VALUE" && !refusal.Message.StartsWith("Wrong", StringComparison.Ordinal) ? "Error: " + refusal.Message : refusal.Message, null));
                continue;
            }
            board.Store(node!["reference"]!.GetValue<string>(), json, md5);
            board.Transfers.TryAdd(md5, 0);
            receipts.Append(NavReceipt(provider, "RECEIVED", md5, 1, null, board.NextId()));
        }
        return receipts.ToString();
    }

    private static (int, string) NavStop(Board board, long provider, string reference)
    {
        if (!board.Ads.ContainsKey(reference))
        {
            return (404, NavError($"AdState with {provider} {reference} not found", "NOT_FOUND"));
        }
        board.Remove(reference);
        return (200, NavReceipt(provider, "RECEIVED", Md5(reference + "STOPPED"), 1, "STOPPED", board.NextId()));
    }

    private static (int, string) NavAdminStatus(Board board, long provider, string reference)
    {
        var now = DateTimeOffset.UtcNow;
        if (!board.Ads.TryGetValue(reference, out var ad) || board.Decide(ad, now) is not { } approved)
        {
            return (404, NavError($"AdAdminStatus for {provider}, {reference} not found", "NOT_FOUND"));
        }
        var publishStatus = !ad.Live ? "STOPPED" : approved ? "ACTIVE" : "REJECTED";
        var stamp = NavTime(now);
        return (200, new JsonObject
        {
            ["uuid"] = ad.Uuid,
            ["status"] = "DONE",
            ["message"] = approved ? null : ad.Refusal,
            ["reference"] = reference,
            ["url"] = $"https://arbeidsplassen.nav.no/stillinger/stilling/{ad.Uuid}",
            ["providerId"] = provider,
            ["created"] = stamp,
            ["updated"] = stamp,
            ["publishStatus"] = publishStatus,
        }.ToJsonString());
    }

    /// <summary>What NAV refuses in one ad: the DTO's init checks and Jackson's reading first, then TransferLogService.validate.</summary>
    public static (string Message, string Type)? NavRefusal(JsonNode? node)
    {
        if (node is not JsonObject ad)
        {
            return ("Missing parameter: reference", "MISSING_PARAMETER");
        }
        foreach (var required in new[] { "reference", "title", "adText" })
        {
            if (ad[required] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                return ($"Missing parameter: {required}", "MISSING_PARAMETER");
            }
        }
        foreach (var time in new[] { "published", "expires" })
        {
            if (ad[time] is JsonValue value && !NavLocalDateTime(value))
            {
                return ($"Invalid value: {value} at field {time}", "INVALID_VALUE");
            }
        }
        // privacy: an unknown value reads as SHOW_ALL (@JsonEnumDefaultValue with READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE).
        var categories = ad["categoryList"] as JsonArray ?? [];
        foreach (var category in categories)
        {
            if (category?["code"] is not JsonValue)
            {
                return ("Missing parameter: code", "MISSING_PARAMETER");
            }
            if (category["categoryType"] is JsonValue type && type.GetValue<string>() is not ("STYRK08" or "PYRK20" or "JANZZ" or "ESCO"))
            {
                return ($"Invalid value: {type} at field categoryType", "INVALID_VALUE");
            }
        }
        var properties = ad["properties"] as JsonObject ?? [];
        if (properties.Select(p => p.Key).FirstOrDefault(k => !NavPropertyNames.Contains(k)) is { } unknown)
        {
            return ($"Invalid value: {unknown} at field properties", "INVALID_VALUE");
        }
        var employer = ad["employer"] as JsonObject;
        var locations = ad["locationList"] as JsonArray ?? [];
        var reference = ad["reference"]!.GetValue<string>();
        var title = ad["title"]!.GetValue<string>();
        string? broken =
            string.IsNullOrWhiteSpace(reference) || reference.Length >= 255 ? "reference is blank or size > 255"
            : string.IsNullOrWhiteSpace(title) || title.Length >= 512 ? "title is blank or size > 512"
            : locations.Count == 0 && employer?["orgnr"] is null ? "LocationList is empty, please specify at least one Location"
            : string.IsNullOrWhiteSpace(ad["adText"]!.GetValue<string>()) ? "adtext is blank"
            : ad["positions"] is JsonValue positions && positions.GetValue<int>() <= 0 ? "positions should be 1 or more"
            : employer is null ? "Employer should not be empty"
            : employer["location"] is not JsonObject ? "Missing parameter: location"
            : employer["businessName"] is not JsonValue name ? "Missing parameter: businessName"
            : employer["orgnr"] is null && (string.IsNullOrWhiteSpace(name.GetValue<string>()) || name.GetValue<string>().Length >= 255) ? "businessName is blank or size > 255"
            : null;
        if (broken is not null)
        {
            return (broken.StartsWith("Missing", StringComparison.Ordinal) ? broken : $"Wrong value: {broken}", broken.StartsWith("Missing", StringComparison.Ordinal) ? "MISSING_PARAMETER" : "INVALID_VALUE");
        }
        if (categories.Count > 3)
        {
            return ("category list is over 3, we only allow max 3 categories per ad", "INVALID_VALUE");
        }
        var first = locations.FirstOrDefault() as JsonObject;
        var country = first?["country"]?.GetValue<string>() ?? "Norge";
        var abroad = first is not null && country.Length > 0 && !new[] { "NORGE", "NOREG", "NORWAY", "NO" }.Contains(country.ToUpperInvariant());
        var placed = first is not null && new[] { "postalCode", "county", "municipal" }.Any(f => first[f]?.GetValue<string>() is { Length: > 0 });
        if (!placed && !abroad)
        {
            return ("Location does not have postal code, or does not have county/municipality", "INVALID_VALUE");
        }
        foreach (var (property, values) in NavCodeLists)
        {
            if (properties[property]?.GetValue<string>() is not { Length: > 0 } value)
            {
                continue;
            }
            var given = NavMultiValued.Contains(property)
                ? value.Trim('[', ']').Split(',').Select(v => v.Trim().Trim('"'))
                : [value];
            if (given.FirstOrDefault(v => !values.Contains(v)) is { } invalid)
            {
                return ($"property {property} contains invalid value {invalid}", "INVALID_VALUE");
            }
        }
        return null;
    }

    /// <summary>
    /// Jackson's LocalDateTime reading: ISO local date-time; a trailing Z is dropped leniently (the time then reads as
    /// Norwegian local time: the mistake the hub must not make), any other offset is refused.
    /// </summary>
    private static bool NavLocalDateTime(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String
        && DateTime.TryParseExact(value.GetValue<string>().TrimEnd('Z'), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string NavReceipt(long provider, string status, string md5, int items, string? message, long? versionId)
    {
        var now = NavTime(DateTimeOffset.UtcNow);
        return new JsonObject
        {
            ["versionId"] = versionId,
            ["providerId"] = provider,
            ["status"] = status,
            ["message"] = message,
            ["md5"] = md5,
            ["items"] = items,
            ["created"] = now,
            ["updated"] = now,
        }.ToJsonString();
    }

    private static string NavError(string message, string type) =>
        new JsonObject { ["message"] = message, ["errorType"] = type, ["errorRef"] = Guid.NewGuid().ToString() }.ToJsonString();

    private static string NavTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo")).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>NAV's receipts carry an MD5 of the content (common/Extensions.kt toMD5Hex): a content fingerprint, not security.</summary>
#pragma warning disable CA5351
    private static string Md5(string content) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(content)));
#pragma warning restore CA5351
}
