using System.Globalization;
using BigTechChat.Deploy.Tests.Infrastructure;

namespace BigTechChat.Deploy.Tests;

public class KubernetesScalingAndIngressTests
{
    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void Prod_autoscales_every_app_from_2_to_10_replicas_at_70_percent_cpu(string app)
    {
        var manifests = Kustomize.Render("prod");
        var hpa = Assert.Single(manifests.OfKind("HorizontalPodAutoscaler"),
            h => h["spec"]?["scaleTargetRef"]?["name"].Text() == app);
        var spec = hpa["spec"]!;

        Assert.Equal("autoscaling/v2", hpa["apiVersion"].Text());
        Assert.Equal("Deployment", spec["scaleTargetRef"]?["kind"].Text());
        Assert.Equal("2", spec["minReplicas"].Text());
        Assert.Equal("10", spec["maxReplicas"].Text());
        var cpu = Assert.Single(spec["metrics"].Items(), m => m?["resource"]?["name"].Text() == "cpu");
        Assert.Equal("Utilization", cpu?["resource"]?["target"]?["type"].Text());
        Assert.Equal("70", cpu?["resource"]?["target"]?["averageUtilization"].Text());
        Assert.True(int.Parse(manifests.Get("Deployment", app)["spec"]?["replicas"].Text() ?? "1", CultureInfo.InvariantCulture) >= 2);
        Assert.Single(manifests.OfKind("PodDisruptionBudget"), p => p.Name() == app);
    }

    [Fact]
    public void Dev_runs_single_replicas_without_autoscaling()
    {
        Assert.Empty(Kustomize.Render("dev").OfKind("HorizontalPodAutoscaler"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Ingress_routes_everything_to_the_gateway_without_buffering_and_with_long_timeouts(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var ingress = Assert.Single(manifests.OfKind("Ingress"));
        var annotations = ingress["metadata"]?["annotations"];

        Assert.Equal("off", annotations?["nginx.ingress.kubernetes.io/proxy-buffering"].Text());
        Assert.Equal("off", annotations?["nginx.ingress.kubernetes.io/proxy-request-buffering"].Text());
        Assert.True(Seconds(annotations?["nginx.ingress.kubernetes.io/proxy-read-timeout"].Text()) >= 3600);
        Assert.True(Seconds(annotations?["nginx.ingress.kubernetes.io/proxy-send-timeout"].Text()) >= 3600);

        var paths = ingress["spec"]?["rules"].Items().SelectMany(r => r?["http"]?["paths"].Items() ?? []).ToList() ?? [];
        Assert.NotEmpty(paths);
        foreach (var path in paths)
        {
            var backend = path?["backend"]?["service"];
            Assert.Equal("gateway", backend?["name"].Text());
            var gatewayPorts = manifests.Get("Service", "gateway")["spec"]?["ports"].Items()
                .SelectMany(p => new[] { p?["name"].Text(), p?["port"].Text() });
            Assert.Contains(backend?["port"]?["name"].Text() ?? backend?["port"]?["number"].Text(), gatewayPorts ?? []);
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Topic_job_runs_the_shared_topic_script_that_creates_every_topic(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var job = manifests.Get("Job", "kafka-topics");
        var volume = Assert.Single(job.PodSpec()["volumes"].Items(), v => v?["configMap"] is not null);
        var scripts = ContainerEnvironment.Data(manifests.Get("ConfigMap", volume!["configMap"]!["name"].Text()!));

        var script = Assert.Single(scripts).Value;
        Assert.Equal(RepositoryPaths.ReadDeployFile("k8s", "base", "kafka", "create-topics.sh"), script);
        Assert.Equal(ConfigurationContract.Topics.OrderBy(t => t.Key), TopicScript.Parse(script).OrderBy(t => t.Key));
        Assert.Contains("create-topics.sh", string.Join(' ', job.Containers()[0]?["command"].Items().Select(c => c.Text()) ?? []), StringComparison.Ordinal);
    }

    private static int Seconds(string? value) => int.Parse(value ?? "0", CultureInfo.InvariantCulture);
}
