namespace IntegrationHub.Core.Access;

/// <summary>
/// A widening's rows, written unverified (ADR 0045 rule 3), and what finishing them needs: each row's ETag (its verify is
/// If-Match on it, so a row a narrowing deleted or another writer replaced is never verified), the manifest's ETag the
/// writer saw last (its touch is If-Match on it), the pending marker the repair pass finds if the writer dies, and whether
/// the manifest listed rows this write does not (its finish takes them out; none: no manifest read at the finish).
/// </summary>
public sealed record CvSearchWrite(
    string Registry,
    string CvId,
    long Sequence,
    IReadOnlyList<CvSearchRowWritten> Rows,
    string ManifestETag,
    string Marker,
    bool LeavesStaleRows = true);

