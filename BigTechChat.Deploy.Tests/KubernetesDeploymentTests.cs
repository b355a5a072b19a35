using System.Text.Json.Nodes;
using BigTechChat.Deploy.Tests.Infrastructure;

namespace BigTechChat.Deploy.Tests;

public class KubernetesDeploymentTests
{
    public static TheoryData<string, string> OverlaysAndApps =>
        [.. from overlay in new[] { "dev", "prod" } from app in ConfigurationContract.Apps select (overlay, app.Name)];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Overlay_deploys_exactly_the_four_apps(string overlay)
    {
        var names = Kustomize.Render(overlay).OfKind("Deployment")
            .Where(d => d["metadata"]?["labels"]?["app.kubernetes.io/component"].Text() is "gateway" or "service")
            .Select(d => d.Name()).Order();

        Assert.Equal(ConfigurationContract.Apps.Select(a => a.Name).Order(), names);
    }

    [Theory]
    [MemberData(nameof(OverlaysAndApps))]
    public void App_probes_readiness_on_its_own_health_and_liveness_on_alive_at_its_container_port(string overlay, string app)
    {
        var container = SingleContainer(Kustomize.Render(overlay).Get("Deployment", app));

        // The gateway's /health aggregates every back end: one service down must not take all gateways out of the Ingress.
        AssertProbe(container, "readinessProbe", app == "gateway" ? "/alive" : "/health");
        AssertProbe(container, "livenessProbe", "/alive");
    }

    [Theory]
    [MemberData(nameof(OverlaysAndApps))]
    public void App_listens_on_its_contract_port_and_its_service_targets_it(string overlay, string app)
    {
        var manifests = Kustomize.Render(overlay);
        var expected = ConfigurationContract.AppNamed(app).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var container = SingleContainer(manifests.Get("Deployment", app));

        Assert.Equal(expected, ContainerEnvironment.Resolve(manifests, container)["ASPNETCORE_HTTP_PORTS"]);
        Assert.Contains(expected, container["ports"].Items().Select(p => p?["containerPort"].Text()));
        var servicePort = Assert.Single(manifests.Get("Service", app)["spec"]?["ports"].Items() ?? []);
        Assert.Equal(expected, servicePort?["port"].Text());
        Assert.Contains(servicePort?["targetPort"].Text(), PortNamesAndNumbers(container));
    }

    [Theory]
    [MemberData(nameof(OverlaysAndApps))]
    public void App_requests_resources_and_has_limits(string overlay, string app)
    {
        var resources = SingleContainer(Kustomize.Render(overlay).Get("Deployment", app))["resources"];

        Assert.False(string.IsNullOrEmpty(resources?["requests"]?["cpu"].Text()), "CPU request missing (the HPA needs it).");
        Assert.False(string.IsNullOrEmpty(resources?["requests"]?["memory"].Text()), "memory request missing.");
        Assert.False(string.IsNullOrEmpty(resources?["limits"]?["memory"].Text()), "memory limit missing.");
    }

    [Theory]
    [MemberData(nameof(OverlaysAndApps))]
    public void App_runs_as_non_root_without_privilege_escalation(string overlay, string app)
    {
        var deployment = Kustomize.Render(overlay).Get("Deployment", app);
        var container = SingleContainer(deployment);

        var runAsNonRoot = container["securityContext"]?["runAsNonRoot"].Text()
            ?? deployment.PodSpec()["securityContext"]?["runAsNonRoot"].Text();
        Assert.Equal("true", runAsNonRoot);
        Assert.NotEqual("0", deployment.PodSpec()["securityContext"]?["runAsUser"].Text());
        Assert.Equal("false", container["securityContext"]?["allowPrivilegeEscalation"].Text());
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Data_stores_are_stateful_sets_with_volume_claims_behind_headless_services(string overlay)
    {
        var manifests = Kustomize.Render(overlay);

        foreach (var store in new[] { "mysql", "mongodb", "redis", "kafka" })
        {
            var set = manifests.Get("StatefulSet", store);
            Assert.NotEmpty(set["spec"]?["volumeClaimTemplates"].Items() ?? []);
            var governing = manifests.Get("Service", set["spec"]?["serviceName"].Text()!);
            Assert.Equal("None", governing["spec"]?["clusterIP"].Text());
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Data_stores_accept_connections_only_from_the_systems_own_pods(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var policy = manifests.Get("NetworkPolicy", "datastores-from-bigtechchat-only");
        var selected = policy["spec"]?["podSelector"]?["matchLabels"]?["app.kubernetes.io/component"].Text();

        Assert.Equal("datastore", selected);
        foreach (var set in manifests.OfKind("StatefulSet"))
        {
            Assert.Equal(selected, set["spec"]?["template"]?["metadata"]?["labels"]?["app.kubernetes.io/component"].Text());
        }

        var rule = Assert.Single(policy["spec"]?["ingress"].Items() ?? []);
        var from = Assert.Single(rule?["from"].Items() ?? []);
        Assert.Equal("bigtechchat", from?["podSelector"]?["matchLabels"]?["app.kubernetes.io/part-of"].Text());
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void No_pod_gets_service_link_variables_that_would_leak_into_configuration(string overlay)
    {
        var workloads = Kustomize.Render(overlay).All
            .Where(o => o["kind"].Text() is "Deployment" or "StatefulSet" or "Job").ToList();

        Assert.NotEmpty(workloads);
        Assert.All(workloads, w => Assert.Equal("false", w.PodSpec()["enableServiceLinks"].Text()));
    }

    [Fact]
    public void Dev_sends_telemetry_to_its_own_aspire_dashboard()
    {
        var manifests = Kustomize.Render("dev");
        var endpoint = new Uri(ContainerEnvironment.Data(manifests.Get("ConfigMap", "bigtechchat-config"))["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        var service = manifests.Get("Service", endpoint.Host);
        Assert.Contains(endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            service["spec"]?["ports"].Items().Select(p => p?["port"].Text()) ?? []);
        Assert.NotNull(manifests.Find("Deployment", endpoint.Host));
    }

    internal static JsonObject SingleContainer(JsonObject deployment) =>
        Assert.Single(deployment.Containers())!.AsObject();

    private static void AssertProbe(JsonObject container, string probe, string path)
    {
        var httpGet = container[probe]?["httpGet"];
        Assert.True(httpGet is not null, $"{container["name"].Text()} has no HTTP {probe}.");
        Assert.Equal(path, httpGet["path"].Text());
        Assert.Contains(httpGet["port"].Text(), PortNamesAndNumbers(container));
    }

    private static IEnumerable<string?> PortNamesAndNumbers(JsonObject container) =>
        container["ports"].Items().SelectMany(p => new[] { p?["name"].Text(), p?["containerPort"].Text() });
}
