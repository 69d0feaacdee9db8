namespace IntegrationHub.IntegrationTests.Hardening;

/// <summary>
/// The fuzz suite's seed and size. CI runs the fixed seed at CI size; `./hub test --fuzz [--seed N] [--cases N]` sets
/// HUB_FUZZ_SEED (random unless given) and HUB_FUZZ_CASES. The seed is printed, so a failure can be replayed exactly.
/// </summary>
public static class FuzzSettings
{
    public const int CiSeed = 15;
    public const int CiBodyCases = 8;

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("HUB_FUZZ_SEED"), out var seed) ? seed : CiSeed;

    /// <summary>Mutations per endpoint with a body; GET routes get a quarter of it (at least 4).</summary>
    public static int BodyCases => int.TryParse(Environment.GetEnvironmentVariable("HUB_FUZZ_CASES"), out var cases) && cases > 0 ? cases : CiBodyCases;
}
