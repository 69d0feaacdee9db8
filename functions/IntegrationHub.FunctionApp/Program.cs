using IntegrationHub.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HubAuthorizationMiddleware>();
builder.Services.AddHub(builder.Configuration, builder.Environment);
builder.Build().Run();
