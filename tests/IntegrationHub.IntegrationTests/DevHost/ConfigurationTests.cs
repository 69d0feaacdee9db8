using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.DevHost;

/// <summary>Bad configuration stops the host at start with a message naming the setting.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConfigurationTests(AzuriteFixture azurite)
{
    // Index 6: the first free one after the base settings of HubTestHost (clients 0-5).
    [Fact]
    public async Task DevHost_ClientBindingWithoutClientId_RefusesToStartNamingTheSetting()
    {
        var settings = new Dictionary<string, string?> { ["Hub:Clients:7:Kind"] = "Employer", ["Hub:Clients:7:Id"] = "acme" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubTestHost.StartAsync(azurite, settings));

        Assert.Contains("Hub:Clients:7:ClientId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevHost_WithoutEntraSettings_RefusesToStartNamingThem()
    {
        var settings = new Dictionary<string, string?> { ["AzureAd:ClientId"] = "" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HubTestHost.StartAsync(azurite, settings));

        Assert.Contains("AzureAd:ClientId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevHost_BadStoragePrefix_RefusesToStartNamingTheSetting()
    {
        var settings = new Dictionary<string, string?> { ["Hub:Storage:NamePrefix"] = "Not-Valid" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubTestHost.StartAsync(azurite, settings));

        Assert.Contains("Hub:Storage:NamePrefix", error.Message, StringComparison.Ordinal);
    }

    // CI's fresh machine ran out of inotify instances (128 per user) with every test host watching its settings files
    // (ADR 0064). The file sources stay (appsettings.json may be present); none of them watches.
    [Fact]
    public async Task DevHost_SettingsFiles_AreReadOnceAndNotWatched()
    {
        await using var host = await HubTestHost.StartAsync(azurite);

        var files = ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched"));
    }
}
