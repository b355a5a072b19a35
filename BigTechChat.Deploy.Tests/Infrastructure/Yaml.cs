using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace BigTechChat.Deploy.Tests.Infrastructure;

/// <summary>YAML documents as <see cref="JsonNode"/> trees (every scalar becomes a JSON string).</summary>
public static class Yaml
{
    private static readonly IDeserializer s_deserializer = new DeserializerBuilder().Build();
    private static readonly ISerializer s_json = new SerializerBuilder().JsonCompatible().Build();

    public static IReadOnlyList<JsonObject> ParseDocuments(string yaml)
    {
        var documents = new List<JsonObject>();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        while (!parser.TryConsume<StreamEnd>(out _))
        {
            var document = s_deserializer.Deserialize<object?>(parser);
            if (document is not null)
            {
                documents.Add(JsonNode.Parse(s_json.Serialize(document))!.AsObject());
            }
        }

        return documents;
    }

    public static JsonObject Parse(string yaml) => Assert.Single(ParseDocuments(yaml));

    /// <summary>The scalar at a node as text (YAML scalars are untyped), or null when absent.</summary>
    public static string? Text(this JsonNode? node) => node?.GetValueKind() switch
    {
        null => null,
        System.Text.Json.JsonValueKind.String => node.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    public static JsonArray Items(this JsonNode? node) => node as JsonArray ?? [];

    public static IEnumerable<KeyValuePair<string, JsonNode?>> Entries(this JsonNode? node) =>
        node as JsonObject ?? [];
}
