namespace IntegrationHub.Core.Kernel;

/// <summary>One failed rule: what every capability answers with a 400 problem details (RFC 9457) naming the field and the rule.</summary>
/// <param name="Field">JSON pointer of the offending value (for <c>required</c>, of the missing property); "" for the root.</param>
/// <param name="Rule">The JSON Schema keyword that failed: <c>required</c>, <c>format</c>, <c>maxLength</c>, <c>additionalProperties</c>, ...</param>
/// <param name="Message">What the rule asks for. Never contains the offending value: it may be personal data.</param>
public sealed record FieldError(string Field, string Rule, string Message);
