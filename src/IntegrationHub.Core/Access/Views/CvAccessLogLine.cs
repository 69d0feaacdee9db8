using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Access;

/// <summary>One read of a CV as its registry sees it: when, which party, client and person, how, which fields.</summary>
public sealed record CvAccessLogLine(
    DateTimeOffset At,
    [property: Description("The account as the access log names it, e.g. employer:acme.")] string Party,
    string ClientId,
    [property: Description("The signed-in person (Entra object id); null for a machine reading through a board's feed.")] string? UserObjectId,
    [property: AllowedValues(AccessKinds.SearchHit, AccessKinds.View, AccessKinds.FeedDetail)] string Kind,
    IReadOnlyList<string> Fields)
{
    public static CvAccessLogLine From(AccessLogEntry e) => new(e.At, e.Party, e.ClientId, e.UserObjectId, e.Kind, e.Fields);
}
