using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.JobAds;

/// <summary>A page still has deliveries worth trying again: the queue delivers the message again later.</summary>
public sealed class JobAdDeliveryRetryException(string message) : Exception(message);
