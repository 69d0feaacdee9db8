namespace IntegrationHub.Functions.Docs;

/// <summary>
/// The per-function description table of the OpenAPI document, keyed by function name. Route, method and roles are read
/// from each function's attributes (<see cref="Hosting.HubFunctionCatalog"/>); a new HTTP function without an entry
/// here makes the document fail to build, and the OpenAPI test with it.
/// </summary>
public static class ApiCatalog
{
    private const string Json = "application/json";
    private const string Problem = "application/problem+json";

    private static readonly ApiParameter From = new("from", "Start of the window (ISO 8601).", Format: "date-time");
    private static readonly ApiParameter To = new("to", "End of the window (ISO 8601), after `from`.", Format: "date-time");
    private static readonly ApiParameter PageSize = new("pageSize", "Items per page.", "integer");

    private static ApiOperation BreachAction(string summary, string description, params string[] problems) => new()
    {
        Tag = "Breach campaigns",
        Summary = summary,
        Description = description,
        Responses = [new(200, "The campaign in its new state.", "BreachCampaign")],
        Problems = ["not-found", .. problems],
    };

    public static IReadOnlyDictionary<string, ApiOperation> Operations { get; } = new Dictionary<string, ApiOperation>(StringComparer.Ordinal)
    {
        ["Health"] = new()
        {
            Tag = "Hub",
            Summary = "The hub and its storage, healthy or not.",
            Responses = [new(200, "Healthy.", "Health"), new(503, "A storage service does not answer.", "Health")],
        },
        ["OpenApi"] = new()
        {
            Tag = "Hub",
            Summary = "This document: every HTTP function of the hub.",
            Responses = [new(200, "OpenAPI 3.1.", "Object")],
        },
        ["Console"] = new()
        {
            Tag = "Console",
            Summary = "The privacy team's console (HTML). Its API calls carry the signed-in person's token.",
            Responses = [new(200, "The page, with a strict Content-Security-Policy (self only).", ContentType: "text/html")],
        },
        ["ConsoleAsset"] = new()
        {
            Tag = "Console",
            Summary = "A script, style sheet or configuration file of the console.",
            Responses = [new(200, "The asset.", ContentType: "application/octet-stream")],
            Problems = ["not-found"],
        },
        ["SubmitCv"] = new()
        {
            Tag = "CVs",
            Summary = "A registry submits a citizen's CV (new or changed).",
            Parameters = [new("If-Match", "The version this update replaces.", In: "header")],
            Request = [new(Json, "Cv")],
            Responses = [new(202, "Accepted: stored, downstream work signalled.", "CvAccepted"), new(200, "Unchanged: identical content, nothing rewritten.", "CvAccepted")],
            Problems = ["validation", "malformed-json", "duplicate-key", "bad-if-match", "not-a-registry", "version-mismatch", "payload-too-large", "unsupported-media-type"],
        },
        ["GetCv"] = new()
        {
            Tag = "CVs",
            Summary = "A registry reads its stored CV; a person signed in for an employer reads the employer view (checked against the decision in force, within the consented sections).",
            Responses = [new(200, "The stored document (registry) or the employer view.", "Object")],
            Problems = ["not-found", "not-an-employer", "user-required", "rate-limited", "account-suspended"],
        },
        ["DeleteCv"] = new()
        {
            Tag = "CVs",
            Summary = "The owning registry erases a CV (document, index, projections); with `forGood=true`, erases its citizen everywhere as `DELETE /api/citizens/{citizenId}` does.",
            Parameters = [new("forGood", "`true`: the registry deletes the CV for good, and the citizen's erasure runs.")],
            Responses = [new(204, "Erased.")],
            Problems = ["not-found", "not-a-registry", "legal-hold"],
        },
        ["EraseCitizen"] = new()
        {
            Tag = "Citizens",
            Summary = "The owning registry erases a citizen in every store (GDPR art. 17), or reduces the rows to what a legal hold needs.",
            Description = "Holds: an open (suspended) incident whose account read the citizen's CV; a breach campaign including the citizen whose report is not filed. "
                + "Boards see the CV as `closed`, a `CvErased` event goes out, and later events about the citizen older than the erasure are refused. "
                + "`DELETE /api/cvs/{cvId}?forGood=true` runs the same erasure for the CV's citizen.",
            Responses = [new(204, "All erased.")],
            Problems = ["validation", "not-a-registry", "not-found", "legal-hold"],
        },
        ["ExportCitizen"] = new()
        {
            Tag = "Citizens",
            Summary = "The citizen's copy (GDPR art. 15) for the owning registry: one JSON document, streamed.",
            Description = "`cvs` (every stored version's document), `events`, `facts`, `visibility` (decisions over time with reasons and `legalBasis`), "
                + "`reads` (every read outside the registry: party, kind, fields, time), `letters` (breach letters and their delivery), `expiry` (what expires when).",
            Responses = [new(200, "The citizen's copy.", "Object")],
            Problems = ["validation", "not-a-registry", "not-found"],
        },
        ["GetCvVisibility"] = new()
        {
            Tag = "Visibility",
            Summary = "The visibility decision in force for a CV and its served history.",
            Responses = [new(200, "Audience, presentation, searchable, reasons, legal basis per purpose (consent or public-task), facts, history.", "Object")],
            Problems = ["not-found", "not-a-registry"],
        },
        ["GetCvAccessLog"] = new()
        {
            Tag = "Employer access",
            Summary = "Every read of the CV outside its registry: party, client, user, kind, fields, time.",
            Parameters = [From, To],
            Responses = [new(200, "The reads in the window, at most 24 months of it; `next`, when set, is the `from` of the next call.", "Object")],
            Problems = ["validation", "not-found", "not-a-registry"],
        },
        ["PostConsentEvents"] = new()
        {
            Tag = "Visibility",
            Summary = "Consent and status events (CloudEvents 1.0), one or a batch of up to 100.",
            Request = [new("application/cloudevents+json", "CitizenEvent"), new("application/cloudevents-batch+json", "CitizenEvent", ItemsOf: "array")],
            Responses = [new(200, "A result per event: applied, duplicate or rejected (fields and rules; a time too far ahead of the hub's clock is rule not-in-future).", "Object")],
            Problems = ["validation", "malformed-json", "duplicate-key", "batch-size", "cloudevents-mode", "not-a-registry", "payload-too-large", "unsupported-media-type", "citizen-erased"],
        },
        ["GetExposures"] = new()
        {
            Tag = "Visibility",
            Summary = "CVs employers could see in a window, optionally while a fact held, with the exact windows.",
            Parameters =
            [
                new("registry", "A configured registry.", Required: true),
                From with { Required = true },
                To with { Required = true },
                new("fact", "work-oriented-benefit, reduced-work-capacity-benefit, protected-address or consent-withdrawn."),
                new("continuation", "The previous page's opaque `continuation`, for the same registry and window."),
                PageSize,
            ],
            Responses = [new(200, "A page of exposures.", "Object")],
            Problems = ["validation"],
        },
        ["SearchCvs"] = new()
        {
            Tag = "Employer access",
            Summary = "Employer search by a signed-in person, newest activity first, no personal details; every hit checked against the decision in force and held to the consented sections.",
            Parameters = [new("occupation", "ISCO-08 code or isco08:/styrk08:/esco: prefixed code."), new("skill", "A skill."), new("municipality", "A municipality code."), new("language", "A language code."), new("page", "The previous page's opaque `next`, for the same criteria, within a day."), PageSize],
            Responses = [new(200, "Hits and `next`.", "Object")],
            Problems = ["validation", "not-an-employer", "user-required", "rate-limited", "account-suspended"],
        },
        ["FeedShareableCvs"] = new()
        {
            Tag = "Employer access",
            Summary = "A board's feed: references to the CVs it may receive.",
            Parameters = [new("page", "The previous page's opaque `next`.")],
            Responses = [new(200, "References and `next`.", "Object")],
            Problems = ["validation", "no-feed-grant", "rate-limited", "account-suspended"],
        },
        ["FeedCvChanges"] = new()
        {
            Tag = "Employer access",
            Summary = "A board's change list (created, modified, closed) since a token or time.",
            Parameters = [new("since", "A change token or an ISO 8601 time.")],
            Responses = [new(200, "Changes and the next token.", "Object")],
            Problems = ["validation", "no-feed-grant", "rate-limited", "account-suspended"],
        },
        ["FeedCvDetails"] = new()
        {
            Tag = "Employer access",
            Summary = "Up to 100 CVs, only the sections the citizen consented to share with boards.",
            Request = [new(Json, "Object")],
            Responses = [new(200, "The CVs.", "Object")],
            Problems = ["validation", "malformed-json", "duplicate-key", "no-feed-grant", "rate-limited", "account-suspended", "unsupported-media-type"],
        },
        ["ListIncidents"] = new()
        {
            Tag = "Incidents",
            Summary = "Harvesting incidents (suspended accounts), newest first.",
            Responses = [new(200, "The incidents.", "IncidentList")],
        },
        ["GetIncident"] = new()
        {
            Tag = "Incidents",
            Summary = "One incident with every CV the account received in its window, from the access log.",
            Responses = [new(200, "The incident and what the account received.", "IncidentDetail")],
            Problems = ["not-found"],
        },
        ["GetIncidentReadsPerHour"] = new()
        {
            Tag = "Incidents",
            Summary = "The account's reads per UTC hour over the incident's window, its own daily baseline before and the limits in force (the console's chart).",
            Responses = [new(200, "Reads per hour, baseline and limits.", "IncidentReadsPerHour")],
            Problems = ["not-found"],
        },
        ["LiftIncident"] = new()
        {
            Tag = "Incidents",
            Summary = "Lifts a suspension, with a reason; records who.",
            Request = [new(Json, "LiftRequest")],
            Responses = [new(200, "The lifted incident.", "Incident")],
            Problems = ["validation", "malformed", "not-found", "already-lifted", "concurrent-change"],
        },
        ["SubmitJobAd"] = new()
        {
            Tag = "Job ads",
            Summary = "A recruitment system submits a canonical job ad naming its target boards.",
            Request = [new(Json, "JobAd")],
            Responses = [new(202, "Accepted, with each board's state.", "JobAdStatus"), new(200, "Unchanged: nothing is sent again.", "JobAdStatus")],
            Problems = ["validation", "malformed-json", "duplicate-key", "not-a-recruitment-system", "concurrent-update", "payload-too-large", "unsupported-media-type"],
        },
        ["GetJobAd"] = new()
        {
            Tag = "Job ads",
            Summary = "The ad's version, expiry and state per board.",
            Responses = [new(200, "The ad's state.", "JobAdStatus")],
            Problems = ["not-found", "not-a-recruitment-system"],
        },
        ["WithdrawJobAd"] = new()
        {
            Tag = "Job ads",
            Summary = "Withdraws the ad from every board.",
            Responses = [new(202, "Withdrawal under way.", "JobAdStatus")],
            Problems = ["not-found", "not-a-recruitment-system", "concurrent-update"],
        },
        ["EuresPing"] = new()
        {
            Tag = "EURES vacancy exchange",
            Summary = "EURES checks that the exchange answers (and that its client is granted).",
            Responses = [new(200, "A greeting.", ContentType: "text/plain")],
            Problems = ["no-vacancy-grant"],
        },
        ["EuresGetAll"] = new()
        {
            Tag = "EURES vacancy exchange",
            Summary = "Every vacancy EURES may pull now (status ACTIVE), as NAV's export lists them.",
            Responses = [new(200, "allReferences: reference, source, status, creation and modification times (epoch ms).", "EuresGetAll")],
            Problems = ["no-vacancy-grant"],
        },
        ["EuresGetChanges"] = new()
        {
            Tag = "EURES vacancy exchange",
            Summary = "Vacancies created, modified or closed at or after a time (epoch milliseconds, UTC).",
            Description = "A withdrawn or expired ad is in closedReferences with status CLOSED and its closingTimestamp.",
            Responses = [new(200, "createdReferences, modifiedReferences, closedReferences.", "EuresGetChanges")],
            Problems = ["validation", "no-vacancy-grant"],
        },
        ["EuresGetDetails"] = new()
        {
            Tag = "EURES vacancy exchange",
            Summary = "Up to 200 vacancies by reference: each with its HR-XML 3 PositionOpening (content format version 1.3).",
            Description = "The body is a JSON array of references. Unknown references are left out; a closed vacancy answers with status CLOSED.",
            Request = [new(Json, "EuresReferences")],
            Responses = [new(200, "details: reference -> status, content (XML), contentFormatVersion, times.", "EuresGetDetails")],
            Problems = ["validation", "malformed-json", "duplicate-key", "no-vacancy-grant", "payload-too-large", "unsupported-media-type"],
        },
        ["CreateBreach"] = new()
        {
            Tag = "Breach campaigns",
            Summary = "Drafts a breach-notification campaign.",
            Request = [new(Json, "BreachCampaignDraft")],
            Responses = [new(201, "The draft.", "BreachCampaign")],
            Problems = ["validation", "malformed-json", "duplicate-key", "payload-too-large", "unsupported-media-type"],
        },
        ["ListBreaches"] = new()
        {
            Tag = "Breach campaigns",
            Summary = "Every campaign.",
            Responses = [new(200, "The campaigns.", "BreachList")],
        },
        ["GetBreach"] = new()
        {
            Tag = "Breach campaigns",
            Summary = "One campaign: selector, letters' languages, dry-run counts, progress and audit.",
            Responses = [new(200, "The campaign.", "BreachCampaign")],
            Problems = ["not-found"],
        },
        ["DryRunBreach"] = BreachAction("Counts the audience by registry, language, channel and protected status, sending nothing.",
            "Only in draft.", "illegal-transition", "concurrent-change"),
        ["ApproveBreach"] = BreachAction("Approves a counted draft (a person's token).",
            "The approver may not start it.", "user-required", "dry-run-required", "gdpr-art34-content", "illegal-transition", "concurrent-change"),
        ["StartBreach"] = BreachAction("Starts an approved campaign (a second person's token).",
            "Two-person rule: not the approver.", "user-required", "two-person-rule", "illegal-transition", "concurrent-change"),
        ["PauseBreach"] = BreachAction("Pauses a running campaign.", "Nothing more is sent until resumed.", "illegal-transition", "concurrent-change"),
        ["ResumeBreach"] = BreachAction("Resumes a paused campaign.", "Sending continues where it stopped.", "illegal-transition", "concurrent-change"),
        ["CancelBreach"] = BreachAction("Cancels a campaign.", "Nothing more is sent.", "illegal-transition", "concurrent-change"),
        ["BreachReportFiled"] = new()
        {
            Tag = "Breach campaigns",
            Summary = "Records that the report to the supervisory authority is filed: `reference` (the authority's), `filedAt`; who from the token.",
            Description = "From `completed` or `cancelled` only; the state becomes `reported` and the campaign's legal hold on its citizens' rows ends.",
            Request = [new(Json, "ReportFiledRequest")],
            Responses = [new(200, "The campaign in its new state.", "BreachCampaign")],
            Problems = ["validation", "malformed-json", "unsupported-media-type", "payload-too-large", "not-found", "illegal-transition", "concurrent-change"],
        },
        ["BreachReport"] = new()
        {
            Tag = "Breach campaigns",
            Summary = "The report for the data protection authority (GDPR art. 33), as JSON or a readable HTML document.",
            Parameters = [new("format", "json (default) or html.")],
            Responses = [new(200, "The report: JSON, or with `format=html` a readable HTML document.", "BreachReport", AlsoAs: "text/html")],
            Problems = ["validation", "not-found"],
        },
    };

    /// <summary>Problem types listed for every function, with the problems' own media type.</summary>
    internal const string ProblemContentType = Problem;
}
