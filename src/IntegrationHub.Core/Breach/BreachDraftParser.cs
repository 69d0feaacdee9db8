using System.Globalization;
using System.Text.Json;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Reads a campaign draft (contracts/schemas/breach-campaign.schema.json): the schema first, then the rules it cannot
/// state (window order, a letter for the fallback language, known letter placeholders, the content GDPR art. 34(2) asks
/// of every letter (<see cref="BreachLetterContent"/>), a known registry). Every error names the field and rule.
/// </summary>
public static class BreachDraftParser
{
    /// <summary>
    /// The longest window a campaign may cover: ten years (assumed: longer than any retention of the access log and the
    /// visibility history the selectors read).
    /// </summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(3653);

    public const string SchemaName = "breach-campaign.schema.json";

    /// <summary>The languages a letter may be written in (the schema's $defs/language).</summary>
    public static IReadOnlyList<string> Languages { get; } = ["nb", "nn", "da", "nl", "en"];

    private static readonly Kernel.JsonSchemaValidator Validator = new(SchemaName, "breach campaign");

    private static readonly DateTimeOffset EarliestTime = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LatestTime = new(2999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>The draft, or the errors (never both).</summary>
    public static (BreachDraft? Draft, IReadOnlyList<FieldError> Errors) Parse(
        JsonElement body, IReadOnlySet<string> registries, string actor, DateTimeOffset now)
    {
        var errors = Validator.Validate(body);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var problems = new List<FieldError>();
        var window = body.GetProperty("window");
        var from = Time(window.GetProperty("from"));
        var to = Time(window.GetProperty("to"));
        // Table storage holds times from 1601 on, and the report adds 72 hours to detectedAt: a year-1 or year-9999 time
        // was a 500 (issue 15). The hub's own bounds, assumed: no personal-data breach falls outside 1970-2999.
        foreach (var (field, value) in new[] { ("/detectedAt", Time(body.GetProperty("detectedAt"))), ("/window/from", from), ("/window/to", to) })
        {
            if (value < EarliestTime || value > LatestTime)
            {
                problems.Add(new FieldError(field, "range", "must be a time between 1970 and 2999"));
            }
        }
        var outOfRange = problems.Count > 0;
        if (from >= to)
        {
            problems.Add(new FieldError("/window/to", "order", "must be later than window.from"));
        }
        else if (!outOfRange && to - from > MaxWindow)
        {
            // The access-log selector reads one partition per day of the window: year 1 to 9999 was 3.6 million reads (issue 15).
            problems.Add(new FieldError("/window/to", "maxRange", $"must be at most {MaxWindow.Days} days after window.from"));
        }

        var lettersJson = body.GetProperty("letters");
        var fallback = lettersJson.GetProperty("fallback").GetString()!;
        var letters = new Dictionary<string, BreachLetter>(StringComparer.Ordinal);
        foreach (var language in Languages)
        {
            if (lettersJson.TryGetProperty(language, out var letter))
            {
                letters[language] = new BreachLetter(letter.GetProperty("subject").GetString()!, letter.GetProperty("body").GetString()!);
                foreach (var (part, text) in new[] { ("subject", letters[language].Subject), ("body", letters[language].Body) })
                {
                    foreach (var token in BreachLetterRenderer.UnknownPlaceholders(text))
                    {
                        problems.Add(new FieldError($"/letters/{language}/{part}", "placeholder",
                            $"unknown placeholder '{token}'; known: " + string.Join(", ", BreachLetterRenderer.Placeholders.Select(p => "{{" + p + "}}"))));
                    }
                }
            }
        }
        if (!letters.ContainsKey(fallback))
        {
            problems.Add(new FieldError("/letters/" + fallback, "required", "the fallback language must have a letter"));
        }
        // GDPR art. 34(2) with 33(3)(b)-(d): every letter must be able to say what the law asks (ADR 0034, docs/breach.md).
        // Each is one text (letters in one language) or a text per letter language (ADR 0034 update); the schema allows both forms.
        var (likelyConsequences, consequencesByLanguage) = Text(body, "likelyConsequences");
        var (measuresTaken, measuresByLanguage) = Text(body, "measuresTaken");
        problems.AddRange(BreachLetterContent.Check(likelyConsequences, consequencesByLanguage, measuresTaken, measuresByLanguage, letters));

        var selectorJson = body.GetProperty("selector");
        var kind = selectorJson.GetProperty("kind").GetString()!;
        var registry = selectorJson.TryGetProperty("registry", out var r) ? r.GetString() : null;
        if (registry is not null && !registries.Contains(registry))
        {
            problems.Add(new FieldError("/selector/registry", "enum", "must be a configured registry: " + string.Join(", ", registries.Order(StringComparer.Ordinal))));
        }
        var citizenIds = kind == BreachSelectorKinds.Citizens
            ? selectorJson.GetProperty("citizenIds").EnumerateArray().Select(e => e.GetString()!).Distinct(StringComparer.Ordinal).ToList()
            : [];
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var policy = body.GetProperty("channelPolicy");
        var campaign = new BreachCampaign
        {
            Id = HubIds.NewRandomId(),
            Title = body.GetProperty("title").GetString()!,
            Description = body.GetProperty("description").GetString()!,
            DetectedAt = Time(body.GetProperty("detectedAt")),
            WindowFrom = from,
            WindowTo = to,
            DataCategories = [.. body.GetProperty("dataCategories").EnumerateArray().Select(e => e.GetString()!)],
            LikelyConsequences = likelyConsequences,
            MeasuresTaken = measuresTaken,
            LikelyConsequencesByLanguage = consequencesByLanguage,
            MeasuresTakenByLanguage = measuresByLanguage,
            Selector = new BreachSelector
            {
                Kind = kind,
                Party = selectorJson.TryGetProperty("party", out var p) ? p.GetString() : null,
                Registry = registry,
                Fact = selectorJson.TryGetProperty("fact", out var f) ? f.GetString() : null,
                CitizenCount = kind == BreachSelectorKinds.Citizens ? citizenIds.Count : null,
            },
            FallbackLanguage = fallback,
            LetterLanguages = [.. letters.Keys],
            ChannelPolicy = new BreachChannelPolicy
            {
                Channels = [.. policy.GetProperty("channels").EnumerateArray().Select(e => e.GetString()!)],
                RatePerMinute = policy.TryGetProperty("ratePerMinute", out var rate) ? rate.GetInt32() : null,
            },
            Status = BreachStatus.Draft,
            CreatedAt = now,
            Audit = [new BreachAction("created", actor, now)],
        };
        return (new BreachDraft(campaign, letters, citizenIds), []);
    }

    /// <summary>A campaign text as drafted: one string, or an object of language -> string (the schema checked which), or absent.</summary>
    private static (string? Text, IReadOnlyDictionary<string, string>? ByLanguage) Text(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return (null, null);
        }
        return value.ValueKind switch
        {
            JsonValueKind.Object => (null, value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)),
            JsonValueKind.String => (value.GetString(), null),
            _ => (null, null),
        };
    }

    /// <summary>The time (the schema checked its format); one whose offset moves it outside .NET's range reads as MinValue, out of range.</summary>
    private static DateTimeOffset Time(JsonElement value) =>
        DateTimeOffset.TryParse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time) ? time : DateTimeOffset.MinValue;
}
