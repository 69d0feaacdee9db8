using IntegrationHub.Boards.Breach;
using IntegrationHub.Core.Breach;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>The per-registry letter settings refused at start, each naming the setting (no I/O: here because the validator lives in the Boards adapter).</summary>
public sealed class BreachDeliveryOptionsValidatorTests
{
    private static IReadOnlyList<string> Errors(RegistryDeliveryEndpoint nav)
    {
        var options = new BreachDeliveryOptions();
        options.Registries["nav"] = nav;
        var result = new BreachDeliveryOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Fact]
    public void Validate_DeliveryWithComplaintRouteAndDpo_Passes() =>
        Assert.Empty(Errors(new RegistryDeliveryEndpoint { DeliveryUrl = "https://nav.example/letters", ComplaintUrl = "https://www.datatilsynet.no/", DpoContact = "personvernombud@nav.example" }));

    [Theory]
    [InlineData("http://www.datatilsynet.no/")]
    [InlineData("datatilsynet.no")]
    [InlineData("mailto:klage@nav.example")]
    public void Validate_ComplaintUrlNotHttps_NamesTheSetting(string url) =>
        Assert.Contains("Hub:Breach:Registries:nav:ComplaintUrl must be an absolute https URL.", Errors(new RegistryDeliveryEndpoint { ComplaintUrl = url }));

    [Fact]
    public void Validate_DeliveryWithoutComplaintRouteOrDpo_NamesBoth()
    {
        var errors = Errors(new RegistryDeliveryEndpoint { DeliveryUrl = "https://nav.example/letters" });

        Assert.Contains(errors, e => e.StartsWith("Hub:Breach:Registries:nav:ComplaintUrl is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Breach:Registries:nav:DpoContact is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BlankDpo_NamesTheSetting() =>
        Assert.Contains(Errors(new RegistryDeliveryEndpoint { DpoContact = "  " }), e => e.StartsWith("Hub:Breach:Registries:nav:DpoContact must be", StringComparison.Ordinal));
}
