namespace IntegrationHub.Core.Cvs;

/// <summary>What a registry reads back of its own CV.</summary>
public sealed record RegistryCvView(StoredCv Cv, ReadOnlyMemory<byte> Document);
