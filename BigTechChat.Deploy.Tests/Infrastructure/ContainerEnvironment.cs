using System.Text;
using System.Text.Json.Nodes;

namespace BigTechChat.Deploy.Tests.Infrastructure;

/// <summary>
/// The environment a container gets, with ConfigMap/Secret references resolved against the same render;
/// a reference to a missing object or key fails the test (the pod would not start).
/// </summary>
public static class ContainerEnvironment
{
    public static Dictionary<string, string> Resolve(Manifests manifests, JsonNode container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"].Items())
        {
            var (kind, name) = source?["configMapRef"] is { } cm ? ("ConfigMap", cm["name"].Text()!)
                : ("Secret", source?["secretRef"]?["name"].Text()!);
            foreach (var (key, value) in Data(manifests.Get(kind, name)))
            {
                env[key] = value;
            }
        }

        foreach (var variable in container["env"].Items())
        {
            var name = variable!["name"].Text()!;
            env[name] = variable["value"].Text() ?? Reference(manifests, name, variable["valueFrom"]);
        }

        return env;
    }

    /// <summary>The keys and decoded values of a ConfigMap or Secret (data and stringData).</summary>
    public static Dictionary<string, string> Data(JsonObject manifest)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var base64 = manifest["kind"].Text() == "Secret";
        foreach (var (key, value) in manifest["data"].Entries())
        {
            var text = value.Text() ?? "";
            values[key] = base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : text;
        }

        foreach (var (key, value) in manifest["stringData"].Entries())
        {
            values[key] = value.Text() ?? "";
        }

        return values;
    }

    private static string Reference(Manifests manifests, string variable, JsonNode? valueFrom)
    {
        if (valueFrom?["fieldRef"] is not null || valueFrom?["resourceFieldRef"] is not null)
        {
            return "(downward API)";
        }

        var (kind, reference) = valueFrom?["secretKeyRef"] is { } s ? ("Secret", s) : ("ConfigMap", valueFrom?["configMapKeyRef"]);
        Assert.True(reference is not null, $"Environment variable {variable} has neither a value nor a known valueFrom.");
        var data = Data(manifests.Get(kind, reference["name"].Text()!));
        var key = reference["key"].Text()!;
        Assert.True(data.ContainsKey(key), $"{variable} refers to key {key}, which {kind} {reference["name"].Text()} lacks.");
        return data[key];
    }
}
