using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Cvs;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Visibility.Events;

/// <summary>
/// Reads one structured-mode CloudEvent (specversion 1.0) into a <see cref="CitizenEvent"/>, or says exactly which
/// fields break which rule. Messages never repeat the values sent.
/// </summary>
public static partial class CitizenEventParser
{
    public const int MaxIdLength = 128;

    /// <summary>contracts/schemas/citizen-event.schema.json <c>source</c> maxLength: the source is stored with the event (a Table property holds 32K characters).</summary>
    public const int MaxSourceLength = 512;

    /// <param name="context">
    /// The registry's jurisdiction and the hub's clock. Without it a snapshot must state every Norwegian fact and times
    /// are not checked against the clock (tests of the format alone).
    /// </param>
    public static (CitizenEvent? Event, IReadOnlyList<FieldError> Errors) Parse(JsonElement element, string registry, CitizenEventContext? context = null)
    {
        var errors = new List<FieldError>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError("", "type", "must be a CloudEvent object")]);
        }
        if (Text(element, "specversion") != "1.0")
        {
            errors.Add(new FieldError("/specversion", "const", "must be \"1.0\""));
        }
        var id = Required(element, "id", errors);
        if (id is { Length: > MaxIdLength })
        {
            errors.Add(new FieldError("/id", "maxLength", $"must be at most {MaxIdLength} characters"));
        }
        var source = Required(element, "source", errors);
        if (source is { Length: > MaxSourceLength })
        {
            errors.Add(new FieldError("/source", "maxLength", $"must be at most {MaxSourceLength} characters"));
        }
        var type = Required(element, "type", errors);
        if (type is not null && !CitizenEventTypes.All.Contains(type))
        {
            errors.Add(new FieldError("/type", "enum", "is not a citizen event type this hub knows"));
        }
        var subject = Required(element, "subject", errors);
        if (subject is not null && !SubjectPattern().IsMatch(subject))
        {
            errors.Add(new FieldError("/subject", "pattern", "must be the registry's citizen id (1-128 letters, digits, '.', '_', ':' or '-')"));
        }
        DateTimeOffset time = default;
        var timeText = Required(element, "time", errors);
        if (timeText is not null && !(TimePattern().IsMatch(timeText) && DateTimeOffset.TryParse(timeText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out time)))
        {
            errors.Add(new FieldError("/time", "format", "must be an RFC 3339 date-time with an offset"));
        }
        // Optional, but when present a string (CloudEvents 1.0 spec.md, "datacontenttype": String per RFC 2046); a number is refused, not thrown on.
        if (element.TryGetProperty("datacontenttype", out var contentType) && contentType.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError("/datacontenttype", "type", "must be a string"));
        }
        else if (contentType.ValueKind == JsonValueKind.String && contentType.GetString() is { } ct && !ct.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError("/datacontenttype", "enum", "must be application/json"));
        }
        var data = element.TryGetProperty("data", out var d) ? d : default;
        var facts = new Dictionary<CitizenFact, FactValue>();
        IReadOnlyList<string> sections = [];
        if (type is not null && CitizenEventTypes.All.Contains(type))
        {
            sections = ReadFacts(type, data, facts, errors, context?.SnapshotFacts ?? NorwegianSnapshotFacts);
        }
        if (context is not null)
        {
            EventTimes.CheckNotFuture(time, timeText is not null && errors.All(e => e.Field != "/time"), data, context, errors);
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new CitizenEvent
        {
            Id = id!,
            Registry = registry,
            CitizenId = subject!,
            Type = type!,
            Source = source!,
            // Never later than its receipt: a grant dated a little ahead cannot outrank a withdrawal that arrives after it.
            Time = context is not null && time > context.Now ? context.Now.ToUniversalTime() : time.ToUniversalTime(),
            Facts = facts,
            Sections = sections,
        }, []);
    }

    private static IReadOnlyList<string> ReadFacts(
        string type, JsonElement data, Dictionary<CitizenFact, FactValue> facts, List<FieldError> errors, IReadOnlySet<CitizenFact> snapshotFacts)
    {
        switch (type)
        {
            case CitizenEventTypes.ConsentGranted or CitizenEventTypes.ConsentWithdrawn:
                var granted = type == CitizenEventTypes.ConsentGranted;
                var purpose = DataText(data, "purpose", errors, required: true);
                if (purpose is not null and not ConsentPurposes.Employers and not ConsentPurposes.Boards)
                {
                    errors.Add(new FieldError("/data/purpose", "enum", "must be one of: employers, boards"));
                }
                facts[purpose == ConsentPurposes.Boards ? CitizenFact.ConsentToBoards : CitizenFact.ConsentToEmployers] = new FactValue(granted);
                if (granted && purpose != ConsentPurposes.Boards)
                {
                    // The scope is a fact of its own, stated by grants only, so a status snapshot's "consent: yes" keeps it.
                    facts[CitizenFact.ConsentToEmployersScope] = new FactValue(true);
                }
                return Sections(data, errors);
            case CitizenEventTypes.WorkOrientedBenefitStarted: facts[CitizenFact.WorkOrientedBenefit] = new(true); break;
            case CitizenEventTypes.WorkOrientedBenefitEnded: facts[CitizenFact.WorkOrientedBenefit] = new(false); break;
            case CitizenEventTypes.ReducedCapacityBenefitStarted: facts[CitizenFact.ReducedWorkCapacityBenefit] = new(true); break;
            case CitizenEventTypes.ReducedCapacityBenefitEnded: facts[CitizenFact.ReducedWorkCapacityBenefit] = new(false); break;
            case CitizenEventTypes.ReducedCapacityAgreementGiven: facts[CitizenFact.AgreedToShowDespiteReducedCapacity] = new(true); break;
            case CitizenEventTypes.ReducedCapacityAgreementWithdrawn: facts[CitizenFact.AgreedToShowDespiteReducedCapacity] = new(false); break;
            case CitizenEventTypes.ProtectedAddressSet: facts[CitizenFact.ProtectedAddress] = new(true); break;
            case CitizenEventTypes.ProtectedAddressLifted: facts[CitizenFact.ProtectedAddress] = new(false); break;
            case CitizenEventTypes.JobReadySet: facts[CitizenFact.JobReady] = new(true); break;
            case CitizenEventTypes.JobReadyCleared: facts[CitizenFact.JobReady] = new(false); break;
            case CitizenEventTypes.Active: facts[CitizenFact.Activity] = new(true); break;
            case CitizenEventTypes.SearchDutyStarted: facts[CitizenFact.SearchDuty] = new(true); break;
            case CitizenEventTypes.SearchDutyEnded: facts[CitizenFact.SearchDuty] = new(false); break;
            case CitizenEventTypes.PublicationChanged:
                var publication = DataText(data, "publication", errors, required: true);
                if (publication is not null and not Publication.Anonymous and not Publication.Open)
                {
                    errors.Add(new FieldError("/data/publication", "enum", "must be one of: anonymous, open"));
                }
                facts[CitizenFact.Publication] = new FactValue(null, publication);
                break;
            case CitizenEventTypes.StatusSnapshot:
                // A snapshot states the facts at once, so "no benefit, no protected address" can be said. It must state
                // those the registry's jurisdiction decides on, and may leave out what does not apply there.
                foreach (var (fact, name) in SnapshotFacts)
                {
                    var value = default(JsonElement);
                    var present = data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out value);
                    if (present && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        facts[fact] = new FactValue(value.GetBoolean());
                    }
                    else if (present)
                    {
                        errors.Add(new FieldError($"/data/{name}", "type", "must be true or false"));
                    }
                    else if (snapshotFacts.Contains(fact))
                    {
                        errors.Add(new FieldError($"/data/{name}", "required", "is required in a status snapshot of this registry's jurisdiction, as true or false"));
                    }
                }
                break;
        }
        return [];
    }

    private static readonly (CitizenFact Fact, string Name)[] SnapshotFacts =
    [
        (CitizenFact.ConsentToEmployers, "consentToEmployers"),
        (CitizenFact.WorkOrientedBenefit, "workOrientedBenefit"),
        (CitizenFact.ReducedWorkCapacityBenefit, "reducedWorkCapacityBenefit"),
        (CitizenFact.AgreedToShowDespiteReducedCapacity, "agreedToShowDespiteReducedCapacity"),
        (CitizenFact.JobReady, "jobReady"),
        (CitizenFact.ProtectedAddress, "protectedAddress"),
        (CitizenFact.SearchDuty, "searchDuty"),
    ];

    /// <summary>What a snapshot must state when no jurisdiction is given: Norway's facts (the rules it was made for).</summary>
    private static readonly IReadOnlySet<CitizenFact> NorwegianSnapshotFacts = VisibilityPolicies.For("NO").Facts;

    private static List<string> Sections(JsonElement data, List<FieldError> errors)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("sections", out var sections))
        {
            return [];
        }
        if (sections.ValueKind != JsonValueKind.Array || sections.GetArrayLength() == 0 || sections.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
        {
            errors.Add(new FieldError("/data/sections", "items", "must be a non-empty list of CV section names (such as workExperience, education); leave it out to cover the whole CV"));
            return [];
        }
        // Only the CV schema's own section names: a misspelt name would otherwise narrow the consent silently.
        var index = 0;
        foreach (var name in sections.EnumerateArray().Select(s => s.GetString()!))
        {
            if (!CvSections.IsKnown(name))
            {
                errors.Add(new FieldError($"/data/sections/{index}", "enum", $"must be one of: {string.Join(", ", CvSections.All)}"));
            }
            index++;
        }
        return [.. sections.EnumerateArray().Select(s => s.GetString()!).Distinct(StringComparer.Ordinal)];
    }

    private static string? Required(JsonElement element, string name, List<FieldError> errors)
    {
        if (element.TryGetProperty(name, out var present) && present.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            errors.Add(new FieldError("/" + name, "type", "must be a string"));
            return null;
        }
        var value = Text(element, name);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError("/" + name, "required", "is required"));
            return null;
        }
        return value;
    }

    private static string? DataText(JsonElement data, string name, List<FieldError> errors, bool required)
    {
        var value = data.ValueKind == JsonValueKind.Object ? Text(data, name) : null;
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError("/data/" + name, "required", "is required for this event type"));
        }
        return value;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Whether <paramref name="text"/> is a citizen id as events name one (the subject's rule).</summary>
    public static bool IsCitizenId(string text) => SubjectPattern().IsMatch(text);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex SubjectPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex TimePattern();
}
