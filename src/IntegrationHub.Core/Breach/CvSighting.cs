using System.Collections.Concurrent;
using IntegrationHub.Core.Access;

namespace IntegrationHub.Core.Breach;

/// <summary>Who read one CV and what the reads held, as far as the campaign's selector concerns them.</summary>
public sealed record CvSighting(IReadOnlyList<string> Parties, IReadOnlyList<string> Categories);
