using IntegrationHub.Core.Callers;

namespace IntegrationHub.UnitTests.Callers;

public sealed class HubOptionsValidatorTests
{
    private static HubOptions Valid() => new()
    {
        Registries = { ["nav"] = new RegistrySettings { Jurisdiction = "NO" } },
        Clients =
        {
            new ClientBinding { ClientId = "6f1c2d3e-0000-4000-8000-00000000a001", Kind = PartyKind.Registry, Id = "nav" },
            new ClientBinding { ClientId = "employer-client", Kind = PartyKind.Employer, Id = "acme" },
        },
    };

    [Fact]
    public void Validate_ConsistentBindings_Succeeds()
    {
        var result = new HubOptionsValidator().Validate(null, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void FindClient_ByClientId_IgnoresCase()
    {
        var binding = Valid().FindClient("6F1C2D3E-0000-4000-8000-00000000A001");

        Assert.Equal(("nav", PartyKind.Registry), (binding!.Id, binding.Kind));
    }

    [Theory]
    [InlineData("missing-client-id", "Hub:Clients:2:ClientId")]
    [InlineData("unknown-kind", "Hub:Clients:2:Kind")]
    [InlineData("missing-party", "Hub:Clients:2:Id")]
    [InlineData("unknown-registry", "names registry 'werk'")]
    [InlineData("duplicate", "bound more than once")]
    [InlineData("bad-registry-id", "Hub:Registries:NAV-1")]
    [InlineData("bad-jurisdiction", "Hub:Registries:nav:Jurisdiction")]
    public void Validate_InconsistentBindings_FailsNamingTheSetting(string defect, string expected)
    {
        var options = Valid();
        var extra = new ClientBinding { ClientId = "another-client", Kind = PartyKind.System, Id = "ats" };
        switch (defect)
        {
            case "missing-client-id": extra.ClientId = ""; break;
            case "unknown-kind": extra.Kind = PartyKind.Unknown; break;
            case "missing-party": extra.Id = " "; break;
            case "unknown-registry": extra.Kind = PartyKind.Registry; extra.Id = "werk"; break;
            case "duplicate": extra.ClientId = "EMPLOYER-CLIENT"; break;
            case "bad-registry-id": options.Registries["NAV-1"] = new RegistrySettings { Jurisdiction = "NO" }; break;
            case "bad-jurisdiction": options.Registries["nav"].Jurisdiction = "SE"; break;
        }
        options.Clients.Add(extra);

        var result = new HubOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }
}
