using System.Globalization;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BigTechChat.AppHost;
using BigTechChat.Deploy.Tests.Infrastructure;

namespace BigTechChat.Deploy.Tests;

/// <summary>
/// The AppHost's application model (built, never started: no Docker needed) against itself and against the
/// hand-written deploy/compose and deploy/k8s: every project resource has its compose service and Deployment with
/// the same connection-string and configuration names, port and health endpoint (issue 9, "manifests that cannot drift").
/// </summary>
public sealed class AppHostModelTests
{
    /// <summary>
    /// Environment names that are the system's deployment configuration: not Aspire's own OTEL_*/ASPNETCORE_* plumbing,
    /// nor the settings a user passes through for a demo (rate limits, work factor, data directory).
    /// </summary>
    private static readonly string[] ContractPrefixes = ["ConnectionStrings__", "services__", "EventBus__Transport", "Database__ServerVersion"];

    public static TheoryData<string> AppNames => ConfigurationContract.AppNames;

    [Fact]
    public async Task Containers_topology_runs_the_design_card_servers_as_containers_with_volumes()
    {
        await using var model = await ModelAsync("containers");

        Assert.Equal("docker.io/library/mysql:8.0", Image(model, "mysql"));
        Assert.Equal("docker.io/library/mongo:7.0", Image(model, "mongodb"));
        Assert.Equal("docker.io/apache/kafka:3.9.0", Image(model, "kafka"));
        Assert.StartsWith("docker.io/library/redis:", Image(model, "redis"), StringComparison.Ordinal);
        foreach (var server in new[] { "mysql", "mongodb", "kafka", "redis" })
        {
            Assert.Contains(Resource(model, server).Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
            Assert.NotEmpty(Resource(model, server).Annotations.OfType<HealthCheckAnnotation>());
        }

        Assert.Equal(["chatdb", "frienddb", "messagedb", "userdb"], model.Resources.OfType<DatabaseResource>().Select(d => d.Name).Order());
    }

    [Fact]
    public async Task Containers_topology_wires_each_service_to_its_database_redis_kafka_and_the_services_it_calls()
    {
        await using var model = await ModelAsync("containers");

        Assert.Equal(["ConnectionStrings__kafka", "ConnectionStrings__redis", "ConnectionStrings__userdb"], ConnectionNames(await EnvironmentAsync(model, "user")));
        Assert.Equal(["ConnectionStrings__frienddb", "ConnectionStrings__kafka", "ConnectionStrings__redis"], ConnectionNames(await EnvironmentAsync(model, "friend")));
        Assert.Equal(
            ["ConnectionStrings__chatdb", "ConnectionStrings__kafka", "ConnectionStrings__messagedb", "ConnectionStrings__redis"],
            ConnectionNames(await EnvironmentAsync(model, "chat")));
        Assert.Equal("kafka", await EnvironmentValueAsync(model, "chat", "EventBus__Transport"));
        Assert.Contains("services__chat__http__0", (await EnvironmentAsync(model, "gateway")).Keys);
    }

    [Fact]
    public async Task Local_topology_has_no_container_so_it_runs_without_docker()
    {
        await using var model = await ModelAsync("local", "--Chat:Replicas=2");

        Assert.Empty(model.Resources.OfType<ContainerResource>());
        Assert.Equal("mariadbd", Path.GetFileName(Assert.IsType<LocalServerResource>(Resource(model, "mariadb")).Command));
        Assert.Equal("redis-server", Path.GetFileName(Assert.IsType<LocalServerResource>(Resource(model, "redis")).Command));
        Assert.Equal(["chat", "chat-2", "friend", "gateway", "user"], model.Resources.OfType<ProjectResource>().Select(p => p.Name).Order());
        Assert.Equal("redis", await EnvironmentValueAsync(model, "chat-2", "EventBus__Transport"));
        Assert.Equal("10.11.0-mariadb", await EnvironmentValueAsync(model, "user", "Database__ServerVersion"));
    }

    [Fact]
    public async Task Local_topology_gives_the_gateway_an_h2c_address_for_every_service()
    {
        await using var model = await ModelAsync("local");

        var gateway = await EnvironmentAsync(model, "gateway");
        foreach (var service in new[] { "user", "friend", "chat" })
        {
            Assert.True(gateway.ContainsKey($"services__{service}__h2c__0"), $"the gateway has no h2c address of {service}");
            Assert.True((await EnvironmentAsync(model, service)).ContainsKey("Http2Cleartext__Port"), $"{service} has no h2c port");
        }
    }

    [Fact]
    public async Task Embedded_topology_is_one_project_listening_on_the_original_ports()
    {
        await using var model = await ModelAsync("embedded");

        var embedded = Assert.Single(model.Resources.OfType<ProjectResource>());
        Assert.Equal("embedded", embedded.Name);
        var ports = embedded.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name, e => e.Port);
        Assert.Equal(new Dictionary<string, int?> { ["gateway"] = 8000, ["user"] = 8005, ["friend"] = 8003, ["chat"] = 8002 }, ports);
    }

    [Fact]
    public async Task Settings_given_to_the_apphost_reach_every_service()
    {
        await using var model = await ModelAsync("local", "--RateLimiting:PermitsPerMinute=777", "--Passwords:WorkFactor=5");

        foreach (var app in ConfigurationContract.Apps)
        {
            var environment = await EnvironmentAsync(model, app.Name);
            Assert.Equal("777", environment["RateLimiting__PermitsPerMinute"]);
            Assert.Equal("5", environment["Passwords__WorkFactor"]);
            Assert.True(environment.ContainsKey("Jwt__SigningKey"), $"{app.Name} gets no signing key");
        }
    }

    [Theory]
    [MemberData(nameof(AppNames))]
    public async Task Compose_service_has_every_configuration_name_the_apphost_gives_the_app(string app)
    {
        await using var model = await ModelAsync("containers");
        var apphost = ContractNames(await EnvironmentAsync(model, app));
        var compose = ContractNames(Compose.Environment(app));

        Assert.Equal(apphost, compose);
    }

    [Theory]
    [MemberData(nameof(AppNames))]
    public async Task Kubernetes_deployment_has_every_configuration_name_the_apphost_gives_the_app(string app)
    {
        await using var model = await ModelAsync("containers");
        var apphost = ContractNames(await EnvironmentAsync(model, app));
        var manifests = Kustomize.Render("dev");
        var container = manifests.Get("Deployment", app).Containers()[0]!;
        var kubernetes = ContractNames(ContainerEnvironment.Resolve(manifests, container));

        Assert.Equal(apphost, kubernetes);
    }

    [Theory]
    [MemberData(nameof(AppNames))]
    public async Task Compose_and_kubernetes_use_the_apps_apphost_port_and_health_endpoint(string app)
    {
        await using var model = await ModelAsync("containers");
        var port = Assert.Single(Resource(model, app).Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http").Port;
        var health = app == "gateway" ? Services.GatewayHealthPath : Services.HealthPath;
        var portText = port!.Value.ToString(CultureInfo.InvariantCulture);

        Assert.Contains($"{portText}:{portText}", Compose.Service(app)["ports"].Items().Select(p => p.Text()));
        var composeCheck = string.Join(' ', Compose.Service(app)["healthcheck"]?["test"].Items().Select(t => t.Text()) ?? []);
        Assert.Contains($"/tcp/127.0.0.1/{portText}", composeCheck, StringComparison.Ordinal);
        Assert.Contains($"GET {health} ", composeCheck, StringComparison.Ordinal);

        var container = Kustomize.Render("dev").Get("Deployment", app).Containers()[0]!;
        Assert.Contains(container["ports"].Items(), p => p?["containerPort"].Text() == portText);
        string?[] probes = [container["readinessProbe"]?["httpGet"]?["path"].Text(), container["livenessProbe"]?["httpGet"]?["path"].Text()];
        Assert.Contains(health, probes);
    }

    private static async Task<IDistributedApplicationTestingBuilder> ModelAsync(string topology, params string[] args)
    {
        var data = Path.Combine(Path.GetTempPath(), "bigtechchat-model-" + Guid.NewGuid().ToString("N"));
        return await DistributedApplicationTestingBuilder.CreateAsync<Projects.BigTechChat_AppHost>(
            [$"--Topology={topology}", $"--Database:DataDirectory={data}", .. args], TestContext.Current.CancellationToken);
    }

    private static IResource Resource(IDistributedApplicationTestingBuilder model, string name) =>
        Assert.Single(model.Resources, r => r.Name == name);

    private static string Image(IDistributedApplicationTestingBuilder model, string name)
    {
        var image = Assert.Single(Resource(model, name).Annotations.OfType<ContainerImageAnnotation>());
        return $"{image.Registry}/{image.Image}:{image.Tag}";
    }

    /// <summary>The resource's environment as a publisher sees it: names with values or manifest expressions.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentAsync(IDistributedApplicationTestingBuilder model, string name)
    {
        var resource = Assert.IsAssignableFrom<IResourceWithEnvironment>(Resource(model, name));
        var context = new EnvironmentCallbackContext(
            new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), resource, new Dictionary<string, object>());
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables.ToDictionary(
            pair => pair.Key,
            pair => pair.Value switch
            {
                string text => text,
                IManifestExpressionProvider expression => expression.ValueExpression,
                var other => other.ToString() ?? string.Empty,
            },
            StringComparer.Ordinal);
    }

    private static async Task<string> EnvironmentValueAsync(IDistributedApplicationTestingBuilder model, string name, string key) =>
        (await EnvironmentAsync(model, name))[key];

    private static string[] ConnectionNames(Dictionary<string, string> environment) =>
        [.. environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static string[] ContractNames(IReadOnlyDictionary<string, string> environment) =>
        [.. environment.Keys.Where(k => ContractPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal)];
}
