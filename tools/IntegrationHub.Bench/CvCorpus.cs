using System.Text.Json.Nodes;

namespace IntegrationHub.Bench;

/// <summary>Realistic CVs of 5-20 KB, built from contracts/examples/cv.json with more work history and longer texts.</summary>
internal static class CvCorpus
{
    public static byte[][] Build(string repositoryRoot, int count, int seed = 42)
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(repositoryRoot, "contracts", "examples", "cv.json")))!.AsObject();
        example.Remove("version");
        var random = new Random(seed);
        var documents = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var cv = example.DeepClone().AsObject();
            cv["externalId"] = $"bench-{seed}-{i:D7}";
            cv["citizenId"] = $"citizen-{seed}-{i:D7}";
            var targetBytes = random.Next(5 * 1024, 20 * 1024);
            var history = cv["workExperience"]!.AsArray();
            var template = history[0]!;
            var n = 0;
            while (cv.ToJsonString().Length < targetBytes && n < 40)
            {
                var entry = template.DeepClone().AsObject();
                entry["employer"] = $"Arbeidsgiver {random.Next(1, 5000)} AS";
                entry["description"] = Sentence(random, random.Next(200, 900));
                history.Add(entry);
                n++;
            }
            documents[i] = System.Text.Encoding.UTF8.GetBytes(cv.ToJsonString());
        }
        return documents;
    }

    private static string Sentence(Random random, int length)
    {
        string[] words = ["ansvar", "for", "drift", "kunder", "planlegging", "team", "opplæring", "rapportering", "kvalitet", "sikkerhet", "logistikk", "og", "med", "i", "samarbeid", "prosjekter"];
        var text = new System.Text.StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append(words[random.Next(words.Length)]).Append(' ');
        }
        return text.ToString().TrimEnd() + ".";
    }
}
