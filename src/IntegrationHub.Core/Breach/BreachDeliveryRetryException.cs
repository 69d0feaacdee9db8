using System.Collections.Concurrent;
using IntegrationHub.Core.Visibility;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>A page still has citizens worth trying again: the queue delivers the message again later.</summary>
public sealed class BreachDeliveryRetryException(string message) : Exception(message);
