using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.DevHost;

/// <summary>
/// host.json's <c>singleton</c> section, as far as listener locks (timers) use it, with the host's defaults and limits.
/// Source: Azure/azure-webjobs-sdk src/Microsoft.Azure.WebJobs.Host/Singleton/SingletonOptions.cs (listenerLockPeriod
/// defaults to 60 s and must lie within 15-60 s, Azure Storage's lease limits; listenerLockRecoveryPollingInterval
/// defaults to 1 minute and must be at least 15 s) and SingletonManager.cs (a
/// held lease is renewed at half its period). An app setting <c>AzureFunctionsJobHost__singleton__{name}</c>
/// overrides host.json, as the Functions host allows for any host.json value (learn.microsoft.com, "host.json
/// reference for Azure Functions 2.x and later", section "Override host.json values").
/// </summary>
public sealed record SingletonHostSettings(TimeSpan ListenerLockPeriod, TimeSpan ListenerLockRecoveryPollingInterval)
{
    private static readonly TimeSpan MinimumLease = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaximumLease = TimeSpan.FromSeconds(60);

    public static SingletonHostSettings Defaults { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(1));

    /// <summary>Renewal happens at half the lease period, as the host's SingletonManager does.</summary>
    public TimeSpan RenewalInterval => ListenerLockPeriod / 2;

    /// <summary>The longest a timer stays without a holder after its holder dies: the lease runs out, then a survivor's next poll.</summary>
    public TimeSpan TakeoverBound => ListenerLockPeriod + ListenerLockRecoveryPollingInterval;

    /// <summary>Reads the section (absent: the defaults), then the app-setting overrides; refuses values the host refuses.</summary>
    public static SingletonHostSettings Read(JsonElement root, Func<string, string?> appSetting)
    {
        var section = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("singleton", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var period = Span(section, appSetting, "listenerLockPeriod") ?? Defaults.ListenerLockPeriod;
        var recovery = Span(section, appSetting, "listenerLockRecoveryPollingInterval") ?? Defaults.ListenerLockRecoveryPollingInterval;
        if (period < MinimumLease || period > MaximumLease)
        {
            throw new InvalidOperationException("host.json singleton.listenerLockPeriod must lie between 00:00:15 and 00:01:00 (Azure Storage's lease limits).");
        }
        if (recovery != TimeSpan.MaxValue && recovery < MinimumLease)
        {
            throw new InvalidOperationException("host.json singleton.listenerLockRecoveryPollingInterval must be at least 00:00:15.");
        }
        return new SingletonHostSettings(period, recovery);
    }

    private static TimeSpan? Span(JsonElement section, Func<string, string?> appSetting, string name)
    {
        var text = appSetting($"AzureFunctionsJobHost:singleton:{name}");
        if (text is null && section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
        {
            text = v.GetString();
        }
        if (text is null)
        {
            return null;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw new InvalidOperationException($"host.json singleton.{name} is not a time span (hh:mm:ss).");
    }
}
