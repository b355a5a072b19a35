using System.Text.Json.Nodes;

namespace BigTechChat.Deploy.Tests.Infrastructure;

/// <summary>deploy/compose/docker-compose.yml, parsed.</summary>
public static class Compose
{
    private static readonly Lazy<JsonObject> s_file =
        new(() => Yaml.Parse(RepositoryPaths.ReadDeployFile("compose", "docker-compose.yml")));

    public static JsonObject File => s_file.Value;

    public static string Directory => RepositoryPaths.Deploy("compose");

    public static JsonObject Service(string name) =>
        File["services"]?[name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"Compose has no service {name}.");

    /// <summary>A service's environment, from either the map or the list form.</summary>
    public static Dictionary<string, string> Environment(string service)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = Service(service)["environment"];
        if (node is JsonArray list)
        {
            foreach (var entry in list.Select(e => e.Text() ?? ""))
            {
                var split = entry.IndexOf('=', StringComparison.Ordinal);
                env[split < 0 ? entry : entry[..split]] = split < 0 ? "" : entry[(split + 1)..];
            }
        }
        else
        {
            foreach (var (key, value) in node.Entries())
            {
                env[key] = value.Text() ?? "";
            }
        }

        return env;
    }

    /// <summary>Host paths (resolved against the compose directory) of a service's bind mounts, by container path.</summary>
    public static Dictionary<string, string> BindMounts(string service) =>
        Service(service)["volumes"].Items()
            .Select(v => (v.Text() ?? "").Split(':'))
            .Where(parts => parts.Length >= 2 && parts[0].StartsWith('.'))
            .ToDictionary(parts => parts[1], parts => Path.GetFullPath(Path.Combine(Directory, parts[0])));

    public static string Condition(string service, string dependency) =>
        Service(service)["depends_on"]?[dependency]?["condition"].Text()
            ?? throw new Xunit.Sdk.XunitException($"{service} does not depend on {dependency} with a condition.");
}
