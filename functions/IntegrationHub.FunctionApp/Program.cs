using IntegrationHub.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HubAuthorizationMiddleware>();
builder.Services.AddHub(builder.Configuration, builder.Environment);
// The worker's invocation spans and resource attributes on top of the hub's telemetry (issue 17, ADR 0024).
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
builder.Build().Run();
