using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.DevHost;

[Collection(AzuriteCollection.Name)]
public sealed class HealthTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Health_WithAzuriteUp_Returns200Healthy_Anonymously()
    {
        await using var host = await HubTestHost.StartAsync(azurite);

        var response = await host.Client().GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("healthy", body!["status"]!.GetValue<string>());
        Assert.All(body["checks"]!.AsObject(), c => Assert.Equal("healthy", c.Value!.GetValue<string>()));
        Assert.Equal(["tables", "blobs", "queues", "searchIndex"], body["checks"]!.AsObject().Select(c => c.Key));
    }

    [Fact]
    public async Task Health_WithOnlyTheSearchIndexAccountUnreachable_Returns503_NamingIt()
    {
        await using var host = await HubTestHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["SearchStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                                "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            ["Hub:Storage:CreateResources"] = "false",
        });

        var response = await host.Client().GetAsync("api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = (await response.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!.AsObject();
        Assert.Equal("healthy", checks["tables"]!.GetValue<string>());
        Assert.NotEqual("healthy", checks["searchIndex"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_WithStorageUnreachable_Returns503Unhealthy()
    {
        const string nowhere = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                               "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";
        await using var host = await HubTestHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = nowhere,
            ["Hub:Storage:CreateResources"] = "false",
        });

        var response = await host.Client().GetAsync("api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("unhealthy", body!["status"]!.GetValue<string>());
    }
}
