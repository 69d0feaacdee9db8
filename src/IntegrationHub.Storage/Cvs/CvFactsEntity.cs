using Azure.Data.Tables;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Storage.Cvs;

/// <summary>How a CV's facts are stored as table properties: on the facts projection, the change signal and the CV's row by id.</summary>
internal static class CvFactsEntity
{
    private const char Separator = '\u001f';

    public static TableEntity Write(TableEntity entity, CvFacts f)
    {
        entity["CitizenId"] = f.CitizenId;
        entity["Version"] = f.Version;
        entity["Publication"] = f.Publication;
        entity["OccupationCodes"] = Join(f.OccupationCodes);
        entity["Places"] = Join(f.Places);
        entity["Languages"] = Join(f.Languages);
        entity["Skills"] = Join(f.Skills);
        entity["HasEmailOrPhone"] = f.HasEmailOrPhone;
        entity["HasSpecialNeeds"] = f.HasSpecialNeeds;
        entity["LastCitizenActivityAt"] = f.LastCitizenActivityAt;
        return entity;
    }

    /// <summary>Whether the entity carries facts (a CV row committed before ADR 0051 does not).</summary>
    public static bool IsOn(TableEntity entity) => entity.ContainsKey("Publication");

    public static CvFacts Read(TableEntity e, string registry, string cvId) => new()
    {
        Registry = registry,
        CvId = cvId,
        CitizenId = e.GetString("CitizenId"),
        Version = e.GetInt32("Version") ?? 0,
        Publication = e.GetString("Publication"),
        OccupationCodes = Split(e.GetString("OccupationCodes")),
        Places = Split(e.GetString("Places")),
        Languages = Split(e.GetString("Languages")),
        Skills = Split(e.GetString("Skills")),
        HasEmailOrPhone = e.GetBoolean("HasEmailOrPhone") ?? false,
        HasSpecialNeeds = e.GetBoolean("HasSpecialNeeds") ?? false,
        LastCitizenActivityAt = e.GetDateTimeOffset("LastCitizenActivityAt"),
    };

    private static string Join(IReadOnlyList<string> values) => string.Join(Separator, values);

    private static string[] Split(string? value) => string.IsNullOrEmpty(value) ? [] : value.Split(Separator);
}
