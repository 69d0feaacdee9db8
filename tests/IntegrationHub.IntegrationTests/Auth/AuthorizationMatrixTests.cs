using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.IntegrationTests.Auth;

/// <summary>Every HTTP function of the hub, called over real HTTP: anonymous -> 401, a role outside its list -> 403.</summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class AuthorizationMatrixTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubTestHost _host = null!;

    public static IEnumerable<object[]> HttpFunctions() =>
        new HubFunctionCatalog().Functions.Where(f => f.Trigger == TriggerKind.Http).Select(f => new object[] { f.Name });

    public async Task InitializeAsync() => _host = await HubTestHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void EveryHttpFunction_DeclaresRolesOrAnonymous_AndOnlyHealthOpenApiAndConsoleAreAnonymous()
    {
        var http = typeof(HubFunctionCatalog).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null
                        && m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .ToList();

        Assert.NotEmpty(http);
        foreach (var method in http)
        {
            var roles = method.GetCustomAttribute<RequireRoleAttribute>()?.Roles ?? [];
            var anonymous = method.GetCustomAttribute<AllowAnonymousCallerAttribute>() is not null;
            Assert.True(roles.Count > 0 ^ anonymous, $"{method.Name} must declare either roles or anonymous access, not both or neither.");
            Assert.All(roles, r => Assert.Contains(r, HubRoles.All));
        }
        // Anonymous: health, the API's description, and the console's page and assets (they hold no data; the
        // console's API calls carry the person's token).
        Assert.Equal(["Console", "ConsoleAsset", "Health", "OpenApi"], http.Where(m => m.GetCustomAttribute<AllowAnonymousCallerAttribute>() is not null)
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public async Task HttpFunction_WithoutToken_Returns401UnlessAnonymous(string functionName)
    {
        var function = Function(functionName);

        var response = await _host.Client().SendAsync(RequestFor(function));

        if (function.AllowsAnonymous)
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.EndsWith("/unauthenticated", problem!["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public async Task HttpFunction_WithEveryRoleOutsideItsList_Returns403(string functionName)
    {
        var function = Function(functionName);
        var otherRoles = HubRoles.All.Except(function.Roles).ToArray();
        if (function.AllowsAnonymous)
        {
            return; // Health: no roles to be outside of.
        }
        Assert.NotEmpty(otherRoles);
        var client = _host.ClientFor(HubTestHost.NavRegistryClient, otherRoles);

        var response = await client.SendAsync(RequestFor(function));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.EndsWith("/forbidden", problem!["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static HubFunction Function(string name) => new HubFunctionCatalog().Functions.Single(f => f.Name == name);

    private static HttpRequestMessage RequestFor(HubFunction function)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(function.Route!, "{[^}]+}", "aaaaaaaaaaaaaaaaaaaaaaaaaa");
        var method = new HttpMethod(function.HttpMethods.Count > 0 ? function.HttpMethods[0] : "GET");
        var request = new HttpRequestMessage(method, "api/" + path);
        if (method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }
        return request;
    }
}
