using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

public static class LedgerStatus
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
