namespace IntegrationHub.UnitTests.Architecture.Probes;

/// <summary>
/// A deliberate dependency that only a method body holds (inside a lambda): no field, parameter, return type or
/// attribute names Core. The dependency test must see it, or it would miss most calls between capabilities.
/// </summary>
internal static class MethodBodyOnly
{
    public static int CountTopics(IEnumerable<string> names) => names.Count(name => IntegrationHub.Core.Outbox.OutboundTopics.All.Contains(name));
}
