using System.ComponentModel.DataAnnotations;
using System.Reflection;
using IntegrationHub.Core.JobAds;

namespace IntegrationHub.UnitTests.JobAds;

public sealed class BoardStatusViewTests
{
    [Fact]
    public void ServedStatus_AllowedValues_ListEveryNameADeliveryStatusHas()
    {
        // Arrange: the OpenAPI document's boards[].status enum is exported from this attribute (ADR 0038).
        var served = typeof(BoardStatusView).GetProperty(nameof(BoardStatusView.Status))!.GetCustomAttribute<AllowedValuesAttribute>()!
            .Values.Select(v => (string)v!).Order(StringComparer.Ordinal);

        // Act
        var names = Enum.GetValues<DeliveryStatus>().Select(JobAdStatusNames.Of).Distinct().Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(names, served);
    }
}
