namespace IntegrationHub.Core.Access;

/// <summary>
/// The search index: one partition per query dimension and value ("occ|isco08:2512", "skill|c#", "mun|0301",
/// "lang|nb", and "all") and year (for "all", month) of last activity, rows ordered newest activity first. Rows exist only for CVs visible to employers and
/// searchable when they were written; readers check the decision in force again, so a stale row is never served.
/// </summary>
public interface ICvSearchIndex
{
    /// <summary>Makes the index hold exactly <paramref name="entry"/>'s rows for the CV, or none when null.</summary>
    Task ApplyAsync(string registry, string cvId, CvSearchHit? entry, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="take"/> rows of the dimension, newest first, after the row key
    /// <paramref name="continuation"/> (exclusive) when given.
    /// </summary>
    Task<CvSearchRows> ReadAsync(string dimension, string? continuation, int take, CancellationToken cancellationToken);
}
