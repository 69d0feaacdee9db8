namespace IntegrationHub.Core.Visibility;

/// <summary>One CV employers could see, and the exact windows in which they could.</summary>
public sealed record ExposureItem(string CitizenId, string CvId, IReadOnlyList<ExposureWindow> Windows)
{
    public static ExposureItem From(ExposureMatch m) => new(m.CitizenId, m.CvId, [.. m.Windows.Select(w => new ExposureWindow(w.From, w.To))]);
}
