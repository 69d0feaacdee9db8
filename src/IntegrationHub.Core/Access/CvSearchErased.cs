namespace IntegrationHub.Core.Access;

/// <summary>
/// An erased CV's marker (ADR 0045, fence rows' retention): its manifest row holds the fence <see cref="long.MaxValue"/>
/// and no keys, and may go once the erasure is <see cref="SearchIndexRepair.ErasedFenceKept"/> old and the CV is gone.
/// </summary>
public sealed record CvSearchErased(string Registry, string CvId, string Marker);
