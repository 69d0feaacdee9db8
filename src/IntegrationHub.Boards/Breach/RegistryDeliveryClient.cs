using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards.Breach;

/// <summary>
/// Posts a breach letter to the owning registry's delivery endpoint (contracts/breach-delivery.md): JSON body, the
/// <c>Idempotency-Key</c> header, and an Entra bearer token from the hub's managed identity for the registry's audience.
/// 201 delivered; 200 already delivered under the key; 5xx, 408, 429 or no answer after the short retries of the
/// resilience pipeline transient; any other 4xx rejected with the registry's reason.
/// </summary>
public sealed class RegistryDeliveryClient(IHttpClientFactory factory, IOptions<BreachDeliveryOptions> options,
    [FromKeyedServices(RegistryDeliveryClient.ClientName)] TokenCredential credential) : IRegistryDelivery
{
    public const string ClientName = "breach-registry";
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxReasonLength = 500;
    private const string JsonContentType = "application/json; charset=utf-8";

    public async Task<RegistryDeliveryOutcome> DeliverAsync(string registry, RegistryDeliveryRequest request, CancellationToken cancellationToken)
    {
        if (!options.Value.Registries.TryGetValue(registry, out var endpoint) || string.IsNullOrEmpty(endpoint.DeliveryUrl))
        {
            // A configuration gap, not the citizen's: retried through the queue (an operator can add the endpoint), failed after the attempts.
            return new RegistryDeliveryOutcome(RegistryDeliveryKind.Transient, $"registry '{registry}' has no delivery endpoint (Hub:Breach:Registries:{registry}:DeliveryUrl)");
        }
        try
        {
            var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, BreachJson.Default.RegistryDeliveryRequest));
            // A constant, so not parsed and validated per letter (ADR 0049): the same header on the wire.
            content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint.DeliveryUrl) { Content = content };
            message.Headers.Add(IdempotencyHeader, request.IdempotencyKey);
            if (!string.IsNullOrEmpty(endpoint.Audience))
            {
                var token = await credential.GetTokenAsync(new TokenRequestContext([endpoint.Audience.TrimEnd('/') + "/.default"]), cancellationToken);
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            }
            using var response = await factory.CreateClient(ClientName).SendAsync(message, cancellationToken);
            var status = (int)response.StatusCode;
            return response.StatusCode switch
            {
                HttpStatusCode.Created => RegistryDeliveryOutcome.Delivered,
                HttpStatusCode.OK => RegistryDeliveryOutcome.Duplicate,
                _ when status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests =>
                    new RegistryDeliveryOutcome(RegistryDeliveryKind.Transient, $"HTTP {status} after retries"),
                _ when status is >= 200 and < 300 => new RegistryDeliveryOutcome(RegistryDeliveryKind.Rejected, $"HTTP {status}: not an answer of the contract (201 or 200)"),
                _ => new RegistryDeliveryOutcome(RegistryDeliveryKind.Rejected, await ReasonAsync(response, cancellationToken)),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new RegistryDeliveryOutcome(RegistryDeliveryKind.Transient, e switch
            {
                HttpRequestException => "connection failed",
                Polly.CircuitBreaker.BrokenCircuitException => "circuit open",
                Polly.Timeout.TimeoutRejectedException or TaskCanceledException => "timed out",
                _ => e.GetType().Name,
            });
        }
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return $"HTTP {(int)response.StatusCode}: {(body.Length > MaxReasonLength ? body[..MaxReasonLength] : body)}".TrimEnd(' ', ':');
    }
}
