namespace IntegrationHub.Core.Visibility;

/// <summary>
/// What a recomputation learns about the citizen's CV: nothing (<see cref="None"/>), a new or changed CV
/// (<see cref="To"/>) or its deletion (<see cref="Deleted"/>). Replaces the tuple <c>(true, null)</c> that meant
/// "deleted" (issue 20, item 4).
/// </summary>
public sealed record CvUpdate
{
    private CvUpdate(bool changed, CvInForce? cv)
    {
        Changed = changed;
        Cv = cv;
    }

    /// <summary>Nothing new about the CV: the state's own CV in force stays.</summary>
    public static CvUpdate None { get; } = new(false, null);

    /// <summary>The CV was deleted: the decision is made without one.</summary>
    public static CvUpdate Deleted { get; } = new(true, null);

    /// <summary>True when the CV in force changes (a new CV, a changed one, or none any more).</summary>
    public bool Changed { get; }

    /// <summary>The CV in force from now on; null with <see cref="Changed"/> when deleted.</summary>
    public CvInForce? Cv { get; }

    /// <summary>A new or changed CV.</summary>
    public static CvUpdate To(CvInForce cv) => new(true, cv);
}
