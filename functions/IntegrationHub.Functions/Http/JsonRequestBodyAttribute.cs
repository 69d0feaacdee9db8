namespace IntegrationHub.Functions.Http;

/// <summary>
/// Marks an HTTP function that reads a JSON body: it must read it through <see cref="JsonBody"/> (a test sends every
/// function so marked a body the pipeline refuses and expects the pipeline's answer). A POST function without a body
/// is marked <see cref="NoRequestBodyAttribute"/>; every POST, PUT or PATCH function carries one of the two.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class JsonRequestBodyAttribute(int maxBytes = JsonBody.DefaultMaxBytes) : Attribute
{
    public int MaxBytes { get; } = maxBytes;
}
