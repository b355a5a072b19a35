using System.Text.RegularExpressions;
using BigTechChat.Deploy.Tests.Infrastructure;

namespace BigTechChat.Deploy.Tests;

/// <summary>Compose runs the services as Production: its secrets must come from a <c>.env</c> the user makes, never a default.</summary>
public sealed partial class ComposeSecretsTests
{
    [Fact]
    public void Every_secret_is_a_required_variable_with_a_message_naming_the_env_file()
    {
        var text = RepositoryPaths.ReadDeployFile("compose", "docker-compose.yml");

        var secrets = Variable().Matches(text).Where(m => IsSecret(m.Groups["name"].Value)).ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, m => Assert.True(
            m.Groups["operator"].Value == ":?" && m.Groups["rest"].Value.Contains(".env", StringComparison.Ordinal),
            $"{m.Value} must be ${{{m.Groups["name"].Value}:?... .env ...}}: no default, a clear error when missing"));
    }

    [Fact]
    public void Env_example_lists_every_secret_as_a_placeholder_and_the_real_env_file_is_ignored()
    {
        var composeSecrets = Variable().Matches(RepositoryPaths.ReadDeployFile("compose", "docker-compose.yml"))
            .Select(m => m.Groups["name"].Value).Where(IsSecret).ToHashSet();
        var example = RepositoryPaths.ReadDeployFile("compose", ".env.example").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".gitignore")).Select(l => l.Trim());

        Assert.Equal(composeSecrets.Order(), example.Keys.Order());
        Assert.All(example.Values, value => Assert.Contains("CHANGE_ME", value, StringComparison.Ordinal));
        Assert.Contains(".env", ignored);
    }

    private static bool IsSecret(string name) =>
        name.Contains("PASSWORD", StringComparison.Ordinal) || name.Contains("KEY", StringComparison.Ordinal) || name.Contains("SECRET", StringComparison.Ordinal);

    /// <summary>A compose interpolation: <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:?error}</c> (and the forms without the colon).</summary>
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<operator>:?[-?])?(?<rest>[^}]*)\}")]
    private static partial Regex Variable();
}
