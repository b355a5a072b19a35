using System.Text.RegularExpressions;
using BigTechChat.Deploy.Tests.Infrastructure;

namespace BigTechChat.Deploy.Tests;

public partial class KubernetesConfigurationTests
{
    public static TheoryData<string, string> OverlaysAndApps => KubernetesDeploymentTests.OverlaysAndApps;

    [Theory]
    [MemberData(nameof(OverlaysAndApps))]
    public void App_sets_only_configuration_keys_of_the_contract(string overlay, string app)
    {
        var manifests = Kustomize.Render(overlay);
        var env = ContainerEnvironment.Resolve(manifests, KubernetesDeploymentTests.SingleContainer(manifests.Get("Deployment", app)));

        Assert.DoesNotContain(env.Keys, k => !ConfigurationContract.AllowedKeys.Contains(k));
    }

    [Theory]
    [MemberData(nameof(OverlaysAndApps))]
    public void App_gets_every_key_it_needs_and_no_other_service_database(string overlay, string app)
    {
        var manifests = Kustomize.Render(overlay);
        var expected = ConfigurationContract.AppNamed(app);
        var env = ContainerEnvironment.Resolve(manifests, KubernetesDeploymentTests.SingleContainer(manifests.Get("Deployment", app)));

        Assert.DoesNotContain(expected.RequiredKeys, k => !env.ContainsKey(k) || string.IsNullOrWhiteSpace(env[k]));
        Assert.DoesNotContain(ConfigurationContract.DatabaseKeys.Except(expected.OwnDatabases), env.ContainsKey);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Shared_config_map_holds_only_contract_keys_and_no_secrets(string overlay)
    {
        var keys = ContainerEnvironment.Data(Kustomize.Render(overlay).Get("ConfigMap", "bigtechchat-config")).Keys;

        Assert.DoesNotContain(keys, k => !ConfigurationContract.AllowedKeys.Contains(k));
        Assert.DoesNotContain("Jwt__SigningKey", keys);
        Assert.Empty(keys.Intersect(ConfigurationContract.DatabaseKeys));
    }

    [Theory]
    [MemberData(nameof(OverlaysAndApps))]
    public void Service_discovery_points_at_the_apps_services(string overlay, string app)
    {
        var manifests = Kustomize.Render(overlay);
        var env = ContainerEnvironment.Resolve(manifests, KubernetesDeploymentTests.SingleContainer(manifests.Get("Deployment", app)));

        foreach (var target in ConfigurationContract.AppNamed(app).Discovery)
        {
            var called = ConfigurationContract.AppNamed(target.Split("__")[1]);
            Assert.Equal($"http://{called.Name}:{called.Port}", env[target]);
            Assert.NotNull(manifests.Find("Service", called.Name));
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Secret_holds_only_marked_placeholders_and_nothing_key_like(string overlay)
    {
        var secret = ContainerEnvironment.Data(Kustomize.Render(overlay).Get("Secret", "bigtechchat-secrets"));

        Assert.NotEmpty(secret);
        foreach (var (key, value) in secret)
        {
            Assert.True(value.Contains("CHANGE_ME", StringComparison.Ordinal), $"Secret value {key} is not a marked placeholder.");
            Assert.False(KeyLikeRun().IsMatch(value), $"Secret value {key} contains a run that looks like a real key.");
            Assert.DoesNotContain("PRIVATE KEY", value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Dev_placeholder_signing_key_is_long_enough_to_start()
    {
        var key = ContainerEnvironment.Data(Kustomize.Render("dev").Get("Secret", "bigtechchat-secrets"))["Jwt__SigningKey"];

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(key) >= 32);
    }

    [Fact]
    public void Prod_placeholder_signing_key_is_too_short_so_services_refuse_to_start_until_replaced()
    {
        var key = ContainerEnvironment.Data(Kustomize.Render("prod").Get("Secret", "bigtechchat-secrets"))["Jwt__SigningKey"];

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(key) < 32);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Database_passwords_in_connection_strings_match_the_stores_credentials(string overlay)
    {
        var secret = ContainerEnvironment.Data(Kustomize.Render(overlay).Get("Secret", "bigtechchat-secrets"));

        foreach (var key in new[] { "ConnectionStrings__userdb", "ConnectionStrings__frienddb", "ConnectionStrings__chatdb" })
        {
            Assert.Contains($"Password={secret["mysql-password"]}", secret[key], StringComparison.Ordinal);
            Assert.StartsWith("Server=mysql;", secret[key], StringComparison.Ordinal);
        }

        Assert.Contains($":{secret["mongodb-root-password"]}@mongodb:27017/messagedb", secret["ConnectionStrings__messagedb"], StringComparison.Ordinal);
    }

    // 24+ characters of base64/hex alphabet in one piece: what generated keys and passwords look like.
    [GeneratedRegex("[A-Za-z0-9+/=_]{24,}")]
    private static partial Regex KeyLikeRun();
}
