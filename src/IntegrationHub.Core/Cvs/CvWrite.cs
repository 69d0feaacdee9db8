namespace IntegrationHub.Core.Cvs;

/// <summary>What one accepted submission writes: the document, its index entry and its facts (carried on the change signal).</summary>
public sealed record CvWrite(StoredCv Cv, ReadOnlyMemory<byte> Document, CvFacts Facts);
