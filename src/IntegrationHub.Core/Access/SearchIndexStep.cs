namespace IntegrationHub.Core.Access;

/// <summary>The points of the search index's writes (ADR 0045) a <see cref="SearchIndexSteps"/> observer is told of.</summary>
public enum SearchIndexStep
{
    /// <summary>A narrowing decision, before its fence.</summary>
    BeforeFence,

    /// <summary>A narrowing decision, fenced, before its deletes.</summary>
    Fenced,

    /// <summary>A narrowing decision, rows deleted, before the decision commits.</summary>
    Removed,

    /// <summary>A decision committed, before its rows are written or taken out.</summary>
    Committed,

    /// <summary>A widening, before it reads the manifest (and its fence).</summary>
    Listing,

    /// <summary>A widening, its rows listed in the manifest, before it writes them.</summary>
    Listed,

    /// <summary>A widening, rows written unverified, before its touch and its read of the decision.</summary>
    Inserted,

    /// <summary>A widening, manifest touched and decision read again, before its verify.</summary>
    Checked,

    /// <summary>A widening, rows verified, before its finish.</summary>
    Verified,
}
