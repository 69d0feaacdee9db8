using IntegrationHub.Core.Erasure;

namespace IntegrationHub.UnitTests.Erasure;

public sealed class TombstoneMarkTests
{
    [Fact]
    public void Kept_OutlastsTheHorizonAPageReadsMarksBackTo_ByAWideMargin()
    {
        // A mark pruned while a page of first decisions could still ask for it would hide an erasure beside a decision.
        Assert.True(TombstoneMark.Kept >= 12 * ErasureBesideDecision.MarkHorizon,
            $"marks are kept {TombstoneMark.Kept}, pages read them back {ErasureBesideDecision.MarkHorizon}");
    }
}
