namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>Reading what OpenTelemetry's in-memory exporters collected while they may still be adding to it.</summary>
public static class ExportedTelemetry
{
    /// <summary>
    /// A copy of a list the in-memory exporters add to from other threads (they take no lock, and the providers listen
    /// process-wide, so other tests' calls keep adding): copied again when an add moved it under the copy. A slot the
    /// copy caught half written is left out.
    /// </summary>
    public static List<T> Snapshot<T>(List<T> live)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return [.. live.ToArray().Where(item => item is not null)];
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException && attempt < 100)
            {
                Thread.Yield();
            }
        }
    }
}
