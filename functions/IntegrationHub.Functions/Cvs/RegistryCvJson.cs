using System.Text.Json;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Functions.Cvs;

/// <summary>The owning registry's view: its stored document, as stored, with the hub's metadata around it.</summary>
internal static class RegistryCvJson
{
    public static string Write(RegistryCvView view)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("cvId", view.Cv.CvId);
            writer.WriteNumber("version", view.Cv.Version);
            writer.WriteString("updatedAt", view.Cv.UpdatedAt);
            writer.WriteStartArray("nationalIdFindings");
            foreach (var finding in view.Cv.NationalIdFindings)
            {
                writer.WriteStartObject();
                writer.WriteString("field", finding.Field);
                writer.WriteString("kind", finding.Kind.ToString());
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WritePropertyName("document");
            using var document = JsonDocument.Parse(view.Document);
            document.RootElement.WriteTo(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
