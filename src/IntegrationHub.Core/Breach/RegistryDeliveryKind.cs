using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

public enum RegistryDeliveryKind
{
    /// <summary>201: the registry took the letter.</summary>
    Delivered,

    /// <summary>200: the registry had already delivered a letter under this key.</summary>
    Duplicate,

    /// <summary>4xx (but 408/429): never worth retrying; the citizen ends failed with the reason.</summary>
    Rejected,

    /// <summary>5xx, 408, 429 or no answer after the short retries: the page is tried again through the queue.</summary>
    Transient,
}
