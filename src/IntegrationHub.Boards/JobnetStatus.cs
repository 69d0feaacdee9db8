namespace IntegrationHub.Boards;

/// <summary>
/// The states of a Jobnet ad, named after STAR's JobAdService (Version 3, 2021-2) status list as its method pages cite
/// it (UpdateJob for "Not Approved" and "PublicationEnd", CloseJob for "Processed" and "Publication"). Their spelling on
/// the wire is assumed (docs/boards/jobnet.md): STAR's status page is not public.
/// </summary>
public static class JobnetStatus
{
    /// <summary>In approval at Jobnet.</summary>
    public const string Processed = "Processed";

    /// <summary>Approved and published.</summary>
    public const string Published = "Publication";

    public const string NotApproved = "NotApproved";

    public const string PublicationEnd = "PublicationEnd";
}
