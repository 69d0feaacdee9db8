using System.Text.Json.Nodes;

namespace IntegrationHub.Core.Access;

/// <summary>An employer's view of a CV and the fields it holds (for the access log).</summary>
public sealed record EmployerCv(JsonObject Document, IReadOnlyList<string> Fields);
