namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// The scale-out crash tests and the storage pause on an Azurite of their own: they spend most of their time waiting
/// (leases that must expire, a paused storage), so they run beside the capability collections instead of
/// after them; and the pause (SIGSTOP) freezes only this Azurite, never another class's storage.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ScaleCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite: scale";
}
