namespace IntegrationHub.Core.JobAds.Eures;

/// <summary>
/// An ad as EURES' vacancy exchange lists it: since when it is pullable, when it last changed, and when it closed.
/// Written to the vacancy index in the same transaction as the ad's EURES state.
/// </summary>
public sealed record EuresVacancy(string Client, string AdId, DateTimeOffset Created, DateTimeOffset LastModified, DateTimeOffset? Closed)
{
    public bool Active => Closed is null;

    public string Reference => EuresReference.Of(Client, AdId);

    /// <summary>
    /// The index entry a change of an ad's EURES state makes: one while the ad is published, and one when it stops being
    /// published (closed); none for a state EURES never saw (rejected at once) or a change after it closed.
    /// </summary>
    public static EuresVacancy? From(DeliveryChange change)
    {
        var next = change.Next;
        var wasPublished = change.Previous?.Status == DeliveryStatus.Published;
        if (next.Board != Boards.BoardIds.Eures || next.PublishedSince is not { } since
            || (next.Status != DeliveryStatus.Published && !wasPublished))
        {
            return null;
        }
        return new EuresVacancy(next.Client, next.AdId, since, next.UpdatedAt, next.Status == DeliveryStatus.Published ? null : next.UpdatedAt);
    }

    /// <summary>The vacancy as its stored EURES state says (null when EURES never could pull it).</summary>
    public static EuresVacancy? Of(BoardDelivery state) => state.PublishedSince is { } since
        ? new EuresVacancy(state.Client, state.AdId, since, state.UpdatedAt, state.Status == DeliveryStatus.Published ? null : state.UpdatedAt)
        : null;
}
