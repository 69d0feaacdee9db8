using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// Validates a CV against <c>contracts/schemas/cv.schema.json</c> and lists every failing field, leaf errors only.
/// The schema is parsed once; <see cref="Validate"/> is thread-safe.
/// </summary>
public sealed class CvSchemaValidator
{
    private readonly JsonSchemaValidator _validator = new("cv.schema.json", "CV");

    private CvSchemaValidator()
    {
    }

    public static CvSchemaValidator Instance { get; } = new();

    /// <summary>The full validator, exposed for the differential test of the gate.</summary>
    internal bool IsValidByFullEvaluation(System.Text.Json.JsonElement document) => _validator.IsValidByFullEvaluation(document);

    /// <summary>The compiled gate, exposed for the differential test.</summary>
    internal bool IsValidByGate(System.Text.Json.JsonElement document) => _validator.IsValidByGate(document);

    /// <summary>Every failing field with its rule, in the order the schema reaches them, without duplicates. Empty when valid.</summary>
    public IReadOnlyList<FieldError> Validate(System.Text.Json.JsonElement document) => _validator.Validate(document);
}
