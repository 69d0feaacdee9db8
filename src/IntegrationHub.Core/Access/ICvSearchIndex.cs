namespace IntegrationHub.Core.Access;

/// <summary>
/// The search index: one partition per query dimension and value ("occ|isco08:2512", "skill|c#", "mun|0301",
/// "lang|nb", and "all") and year (for "all", month) of last activity, rows ordered newest activity first. Each CV has a
/// manifest listing its rows (a superset of them at every moment) and holding its fence: the sequence of the last
/// narrowing decision (ADR 0045). Rows are written unverified, then verified If-Match their own ETag once the writer has
/// checked the decision again; readers trust verified rows only.
/// </summary>
public interface ICvSearchIndex
{
    /// <summary>
    /// Widening, step 1: reads the manifest; null when its fence is above <see cref="CvSearchHit.Sequence"/> (a later
    /// narrowing: nothing written). Otherwise lists the entry's rows in the manifest (If-Match) and records a pending
    /// marker; the rows are not written yet (<see cref="CvSearchWrite.Rows"/> have no ETag).
    /// </summary>
    Task<CvSearchWrite?> BeginAsync(string registry, string cvId, CvSearchHit entry, CancellationToken cancellationToken);

    /// <summary>Widening, step 2: writes the listed rows unverified (upsert), and answers each one's ETag.</summary>
    Task<CvSearchWrite> InsertAsync(CvSearchWrite write, CvSearchHit entry, CancellationToken cancellationToken);

    /// <summary>
    /// Widening, step 3: writes the manifest again If-Match the ETag the writer saw, so any manifest change since (a
    /// fence, another writer's rows, rows taken out) fails it. Null when it failed.
    /// </summary>
    Task<CvSearchWrite?> TouchAsync(CvSearchWrite write, CancellationToken cancellationToken);

    /// <summary>Widening, step 4: marks each row verified If-Match its own ETag; false when any was gone or replaced.</summary>
    Task<bool> VerifyAsync(CvSearchWrite write, CancellationToken cancellationToken);

    /// <summary>Takes out the writer's own rows If-Match their ETags (a row since replaced stays), and its marker.</summary>
    Task WithdrawAsync(CvSearchWrite write, CancellationToken cancellationToken);

    /// <summary>Widening, last step: takes out the CV's rows the write no longer lists, then its pending marker.</summary>
    Task FinishAsync(CvSearchWrite write, CancellationToken cancellationToken);

    /// <summary>
    /// Narrowing, before the decision commits: raises the manifest's fence to <paramref name="fence"/> (If-Match; never
    /// lowers it). <see cref="long.MaxValue"/> is an erasure's: no widening of the CV can verify again.
    /// </summary>
    Task RaiseFenceAsync(string registry, string cvId, long fence, CancellationToken cancellationToken);

    /// <summary>
    /// Narrowing, before its fence: records a pending marker for the CV with the sequence of the decision it fences for,
    /// so the repair pass finds a narrowing that died between its deletes and its commit (ADR 0045, "A narrowing that
    /// dies before its commit"). Answers the marker. A store whose writes cannot stop between steps (in memory) needs none.
    /// </summary>
    Task<string?> MarkNarrowingAsync(string registry, string cvId, long sequence, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Removes a narrowing's marker once its decision is committed and the rows follow that decision.</summary>
    Task ClearNarrowingAsync(string marker, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deletes every row the manifest lists, then lists none (the manifest and its fence stay).</summary>
    Task RemoveAsync(string registry, string cvId, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the CV is gone (erased, deleted by its registry, or found gone by a writer or the sweep), after its
    /// fence went to <see cref="long.MaxValue"/> and its rows went, so the manifest row's retention finds it without
    /// reading every manifest. The retention checks that the CV is gone; a record of a CV still there only goes.
    /// </summary>
    Task RecordErasedAsync(string registry, string cvId, CancellationToken cancellationToken);

    /// <summary>Erased CVs recorded before <paramref name="erasedBefore"/>, oldest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<CvSearchErased>> ErasedAsync(DateTimeOffset erasedBefore, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the erased CV's manifest row when it still holds the erasure's fence and lists no row (If-Match on its
    /// read), then the marker; <paramref name="keepFence"/> deletes only the marker. False when the manifest changed
    /// meanwhile or still lists rows (the marker stays for the next pass), and when its fence is below the erasure's (a
    /// deleted CV's: it gets the erasure's fence, its rows go, and a new record replaces the marker).
    /// </summary>
    Task<bool> DropErasedFenceAsync(CvSearchErased erased, bool keepFence, CancellationToken cancellationToken);

    /// <summary>
    /// A one-time sweep's cursor (ADR 0045, "Manifest rows nothing removed", and its amendment "Replaced CVs deleted
    /// later"). A store that keeps no manifest beyond its CV's life (in memory) has nothing to sweep: done.
    /// </summary>
    Task<CvSearchSweepCursor> SweepCursorAsync(ManifestSweep sweep, CancellationToken cancellationToken) => Task.FromResult(new CvSearchSweepCursor(null, Done: true));

    /// <summary>Stores where the sweep stopped; a crash before it repeats the page (each step is idempotent).</summary>
    Task SaveSweepCursorAsync(ManifestSweep sweep, CvSearchSweepCursor cursor, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One page (one query, at most <paramref name="take"/>) of the CVs whose manifest lists no row
    /// (<see cref="ManifestSweep.WithoutRows"/>) or some (<see cref="ManifestSweep.WithRows"/>), in key order, from
    /// <paramref name="continuation"/> (null: the first).
    /// </summary>
    Task<CvSearchManifestPage> ManifestsAsync(ManifestSweep sweep, string? continuation, int take, CancellationToken cancellationToken) =>
        Task.FromResult(new CvSearchManifestPage([], null));

    /// <summary>Pending markers written before <paramref name="olderThan"/>, oldest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<CvSearchPending>> PendingAsync(DateTimeOffset olderThan, int take, CancellationToken cancellationToken);

    /// <summary>Deletes the marker's rows (when <paramref name="withRows"/>) and the marker.</summary>
    Task ClearPendingAsync(CvSearchPending pending, bool withRows, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="take"/> rows of the dimension, newest first, after the row key
    /// <paramref name="continuation"/> (exclusive) when given.
    /// </summary>
    Task<CvSearchRows> ReadAsync(string dimension, string? continuation, int take, CancellationToken cancellationToken);
}
