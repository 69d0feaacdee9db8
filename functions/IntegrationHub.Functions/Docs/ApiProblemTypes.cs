namespace IntegrationHub.Functions.Docs;

/// <summary>Every problem type the hub answers with (RFC 9457, under https://integrationhub.example/problems/), with its status.</summary>
public static class ApiProblemTypes
{
    public static IReadOnlyDictionary<string, (int Status, string Meaning)> All { get; } = new Dictionary<string, (int, string)>(StringComparer.Ordinal)
    {
        ["validation"] = (400, "the body or query breaks a rule; `errors` lists each field, rule and message"),
        ["malformed"] = (400, "the body is not the JSON the call expects"),
        ["malformed-json"] = (400, "the body is not well-formed JSON"),
        ["duplicate-key"] = (400, "the body repeats a key in one object; errors name its path"),
        ["bad-if-match"] = (400, "the If-Match header is not a version number"),
        ["batch-size"] = (400, "a CloudEvents batch of more than 100 events or none"),
        ["cloudevents-mode"] = (400, "the CloudEvents content mode does not match the body"),
        ["unauthenticated"] = (401, "no valid bearer token from the hub's identity provider"),
        ["forbidden"] = (403, "the token's roles do not allow this call"),
        ["client-not-registered"] = (403, "the calling client id is not bound to a party in the hub's configuration"),
        ["not-a-registry"] = (403, "only a registry client may call this"),
        ["not-an-employer"] = (403, "only an employer's client may call this; a job board reads CVs through its feed"),
        ["not-a-recruitment-system"] = (403, "only a recruitment system (a client bound as System) may call this"),
        ["no-feed-grant"] = (403, "the board has no grant to the CV feed"),
        ["no-vacancy-grant"] = (403, "the client is not a board with a grant to the vacancy exchange (Hub:Feeds:Vacancies)"),
        ["account-suspended"] = (403, "the account was suspended for harvesting; the privacy team lifts it"),
        ["user-required"] = (403, "a person must do this: an app-only token cannot approve or start a campaign, nor search or view CVs as an employer"),
        ["two-person-rule"] = (403, "the person who approved a campaign cannot start it"),
        ["not-found"] = (404, "no such resource, or not one the caller may see (the same answer either way)"),
        ["already-lifted"] = (409, "the suspension has already been lifted"),
        ["concurrent-change"] = (409, "the resource changed meanwhile; read it again"),
        ["concurrent-update"] = (409, "the resource changed meanwhile; send it again"),
        ["dry-run-required"] = (409, "approval needs a dry run first"),
        ["gdpr-art34-content"] = (409, "approval refused: a letter or the campaign's text lacks what GDPR art. 34(2) asks, or a registry of the audience has no DPO contact; `errors` names each field"),
        ["illegal-transition"] = (409, "the campaign's state does not allow this action"),
        ["legal-hold"] = (409, "erased except the rows a legal hold keeps; `holds` names each (incident:{id}, breach-campaign:{id})"),
        ["citizen-erased"] = (410, "every event concerns a citizen erased after the event's time; a late event cannot bring the data back"),
        ["version-mismatch"] = (412, "the version named is not the stored one"),
        ["payload-too-large"] = (413, "the body is over the limit"),
        ["unsupported-media-type"] = (415, "the body is not of a media type this call takes"),
        ["rate-limited"] = (429, "per-minute or per-hour limit reached; wait for Retry-After"),
        ["internal-error"] = (500, "the function failed; quote the trace id"),
        ["access-counter-busy"] = (503, "the read could not be recorded: other requests of the account held the access counter for the whole wait (no limit reached); nothing served, retry after Retry-After"),
        ["access-counter-unavailable"] = (503, "the read could not be recorded: the access counters were unavailable (no limit reached); nothing served, retry after Retry-After"),
    };

    /// <summary>What every call that needs a token may answer, beyond its own problems.</summary>
    public static IReadOnlyList<string> ForAuthenticatedCalls { get; } = ["unauthenticated", "forbidden", "client-not-registered"];
}
