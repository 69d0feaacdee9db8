namespace IntegrationHub.Core.Erasure;

/// <summary>A test seam: called after each step. The default does nothing.</summary>
public class ErasureFaults
{
    public virtual void AfterStep(string step)
    {
    }
}
