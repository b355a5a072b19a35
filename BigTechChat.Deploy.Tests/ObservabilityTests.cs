using System.Text.Json.Nodes;
using BigTechChat.Deploy.Tests.Infrastructure;

namespace BigTechChat.Deploy.Tests;

public class ObservabilityTests
{
    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void Prometheus_scrapes_the_apps_metrics_endpoint(string app)
    {
        var config = Yaml.Parse(RepositoryPaths.ReadDeployFile("compose", "prometheus", "prometheus.yml"));
        var expected = $"{app}:{ConfigurationContract.AppNamed(app).Port}";

        var job = Assert.Single(config["scrape_configs"].Items(),
            j => j?["static_configs"].Items().Any(s => s?["targets"].Items().Any(t => t.Text() == expected) == true) == true);
        Assert.Equal("/metrics", job?["metrics_path"].Text() ?? "/metrics");
        Assert.Contains("/etc/prometheus/alerts.yml", config["rule_files"].Items().Select(r => r.Text()));
    }

    [Theory]
    [InlineData("ServiceDown", "up{")]
    [InlineData("HighErrorRate", "> 0.05")]
    [InlineData("HighLatencyP95", "histogram_quantile(0.95")]
    [InlineData("ConsumerLagHigh", "consumer_lag")]
    public void Alert_rule_exists_with_its_condition(string alert, string expressionPart)
    {
        var rules = Yaml.Parse(RepositoryPaths.ReadDeployFile("compose", "prometheus", "alerts.yml"))["groups"].Items()
            .SelectMany(g => g?["rules"].Items() ?? []);

        var rule = Assert.Single(rules, r => r?["alert"].Text() == alert);
        Assert.Contains(expressionPart, rule?["expr"].Text(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(rule?["labels"]?["severity"].Text()));
    }

    [Theory]
    [InlineData("http_server_request_duration_seconds_count[")]
    [InlineData("histogram_quantile(0.95")]
    [InlineData("http_response_status_code=~\"5..\"")]
    [InlineData("chat_messages_sent_total")]
    [InlineData("chat_sse_connections")]
    [InlineData("consumer_lag")]
    public void Grafana_dashboard_charts(string expressionPart)
    {
        var dashboard = JsonNode.Parse(RepositoryPaths.ReadDeployFile("compose", "grafana", "dashboards", "bigtechchat-overview.json"))!;
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => t!["expr"]!.GetValue<string>());

        Assert.Contains(expressions, e => e.Contains(expressionPart, StringComparison.Ordinal));
    }

    [Fact]
    public void Grafana_is_provisioned_with_prometheus_and_the_dashboard_folder()
    {
        var datasource = Assert.Single(Yaml.Parse(RepositoryPaths.ReadDeployFile("compose", "grafana", "provisioning", "datasources", "prometheus.yml"))["datasources"].Items());
        var provider = Assert.Single(Yaml.Parse(RepositoryPaths.ReadDeployFile("compose", "grafana", "provisioning", "dashboards", "dashboards.yml"))["providers"].Items());
        var mounts = Compose.BindMounts("grafana");

        Assert.Equal("http://prometheus:9090", datasource?["url"].Text());
        var dashboards = provider?["options"]?["path"].Text()!;
        Assert.Equal(RepositoryPaths.Deploy("compose", "grafana", "dashboards"), mounts[dashboards]);
    }
}
