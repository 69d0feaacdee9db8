namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// The tests that run the documentation as written (the README's quick start, <c>./hub demo</c>, the Kiota client) on an
/// Azurite of their own: they mostly wait for command-line tools (bash, dotnet build), so they run beside the
/// capability collections (<see cref="AzuriteCollection"/>). One after another inside: two of them share
/// local.settings.json and the dev key.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DocsCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite: docs";
}
