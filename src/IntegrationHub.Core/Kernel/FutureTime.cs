namespace IntegrationHub.Core.Kernel;

/// <summary>
/// The rule for every time sent to the hub (<see cref="ClockOptions"/>): not further ahead of the hub's clock than the
/// allowed skew. Cvs (a CV's last activity), Visibility (event times) and Breach (a report's filing time) refuse with
/// the same error.
/// </summary>
public static class FutureTime
{
    /// <summary>The error for a time beyond the allowed skew. Never repeats the value.</summary>
    public static FieldError Error(string field, TimeSpan skew) =>
        new(field, "not-in-future", $"must not lie more than {(int)skew.TotalSeconds} seconds ahead of the hub's clock");
}
