using BigTechChat.Deploy.Tests.Infrastructure;

namespace BigTechChat.Deploy.Tests;

public class ComposeTests
{
    [Fact]
    public void Topic_init_creates_every_topic_of_the_contract_with_its_partitions_and_retention()
    {
        var mounts = Compose.BindMounts("kafka-init");
        var entrypoint = string.Join(' ', Compose.Service("kafka-init")["entrypoint"].Items().Select(e => e.Text()));
        var script = Assert.Single(mounts, m => entrypoint.Contains(m.Key, StringComparison.Ordinal));

        var topics = TopicScript.Parse(File.ReadAllText(script.Value));

        Assert.Equal(ConfigurationContract.Topics.OrderBy(t => t.Key), topics.OrderBy(t => t.Key));
        Assert.Equal("service_healthy", Compose.Condition("kafka-init", "kafka"));
    }

    [Fact]
    public void Kafka_runs_in_kraft_mode_without_auto_created_topics()
    {
        var env = Compose.Environment("kafka");

        Assert.Contains("controller", env["KAFKA_PROCESS_ROLES"], StringComparison.Ordinal);
        Assert.Contains("broker", env["KAFKA_PROCESS_ROLES"], StringComparison.Ordinal);
        Assert.Equal("false", env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]);
    }

    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void App_uses_only_contract_keys_and_the_same_keys_as_kubernetes(string app)
    {
        var compose = Compose.Environment(app);
        var manifests = Kustomize.Render("prod");
        var kubernetes = ContainerEnvironment.Resolve(manifests, KubernetesDeploymentTests.SingleContainer(manifests.Get("Deployment", app)));

        Assert.DoesNotContain(compose.Keys, k => !ConfigurationContract.AllowedKeys.Contains(k));
        Assert.Equal(kubernetes.Keys.Order(), compose.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void App_gets_every_key_it_needs_and_no_other_service_database(string app)
    {
        var expected = ConfigurationContract.AppNamed(app);
        var env = Compose.Environment(app);

        Assert.DoesNotContain(expected.RequiredKeys, k => !env.ContainsKey(k));
        Assert.DoesNotContain(ConfigurationContract.DatabaseKeys.Except(expected.OwnDatabases), env.ContainsKey);
        Assert.Equal(expected.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), env["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal("http://aspire-dashboard:18889", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void App_gets_an_open_file_limit_that_holds_tens_of_thousands_of_connections(string app)
    {
        var nofile = Compose.Service(app)["ulimits"]?["nofile"];

        Assert.True(int.Parse(nofile?["soft"].Text() ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 65_536, $"{app} ulimits.nofile.soft");
        Assert.Equal(nofile?["soft"].Text(), nofile?["hard"].Text());
    }

    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void App_is_built_from_its_dockerfile_and_waits_for_healthy_dependencies(string app)
    {
        var service = Compose.Service(app);
        var dockerfile = Path.GetFullPath(Path.Combine(Compose.Directory, service["build"]?["context"].Text()!, service["build"]?["dockerfile"].Text()!));

        Assert.Equal(RepositoryPaths.Deploy("docker", $"{app}.Dockerfile"), dockerfile);
        Assert.NotNull(service["healthcheck"]?["test"]);
        var dependencies = service["depends_on"].Entries().ToList();
        Assert.NotEmpty(dependencies);
        Assert.All(dependencies, d => Assert.Contains(d.Value?["condition"].Text(), new[] { "service_healthy", "service_completed_successfully" }));
        Assert.All(dependencies.Where(d => d.Value?["condition"].Text() == "service_healthy"),
            d => Assert.NotNull(Compose.Service(d.Key)["healthcheck"]));
    }

    [Theory]
    [InlineData("kafka", "apache/kafka:")]
    [InlineData("mysql", "mysql:8")]
    [InlineData("mongodb", "mongo:7")]
    [InlineData("redis", "redis:7")]
    [InlineData("aspire-dashboard", "mcr.microsoft.com/dotnet/aspire-dashboard:")]
    [InlineData("prometheus", "prom/prometheus:")]
    [InlineData("grafana", "grafana/grafana:")]
    public void Infrastructure_service_runs_the_expected_image(string service, string imagePrefix)
    {
        Assert.StartsWith(imagePrefix, Compose.Service(service)["image"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Aspire_dashboard_takes_otlp_on_18889_and_serves_its_ui_on_18888()
    {
        var ports = Compose.Service("aspire-dashboard")["ports"].Items().Select(p => p.Text()).ToList();

        Assert.Contains("18888:18888", ports);
        Assert.Contains(ports, p => p!.EndsWith(":18889", StringComparison.Ordinal));
    }

    [Fact]
    public void Mysql_init_creates_each_service_database_and_matches_the_kubernetes_one()
    {
        var init = Compose.BindMounts("mysql").Single(m => m.Key.StartsWith("/docker-entrypoint-initdb.d", StringComparison.Ordinal));
        var sql = File.ReadAllText(init.Value);

        foreach (var database in new[] { "userdb", "frienddb", "chatdb" })
        {
            Assert.Contains($"CREATE DATABASE IF NOT EXISTS {database}", sql, StringComparison.Ordinal);
            Assert.Contains($"ON {database}.* TO 'bigtechchat'", sql, StringComparison.Ordinal);
        }

        Assert.Equal(RepositoryPaths.ReadDeployFile("k8s", "base", "mysql", "init.sql"), sql);
        Assert.Equal("bigtechchat", Compose.Environment("mysql")["MYSQL_USER"]);
    }
}
