using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Breach;

/// <summary>One record a selector found: a read from the access log, an exposure, or an uploaded id.</summary>
/// <param name="Windows">Exposure selector: when the CV was exposed (a read outside them is not this breach); else null.</param>
public sealed record SelectorRecord(string Registry, string? CitizenId, string? CvId, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)>? Windows = null);
