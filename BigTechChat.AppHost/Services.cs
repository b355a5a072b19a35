using System.Globalization;

namespace BigTechChat.AppHost;

/// <summary>The gateway and the services as project resources, wired the same way in the containers and local topologies.</summary>
public static class Services
{
    /// <summary>Health endpoint of every service (ServiceDefaults); the gateway is checked by liveness, as in deploy/compose.</summary>
    public const string HealthPath = "/health";

    public const string GatewayHealthPath = "/alive";

    /// <summary>
    /// A service on its original port (launch profile <c>http</c>: 8000, 8005, 8003, 8002; <c>--Ports:User=…</c>
    /// moves it), in the AppHost's environment, with the passed settings and its health endpoint as readiness.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, string portName, ServiceSettings settings)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithServiceSettings(settings)
            .WithHttpHealthCheck(name == "gateway" ? GatewayHealthPath : HealthPath);
        if (builder.Configuration[$"Ports:{portName}"] is not null)
        {
            service.WithEndpoint("http", endpoint => endpoint.Port = builder.Configuration.Port(portName, 0));
        }

        return service;
    }

    /// <summary>
    /// The service's HTTP/2-only endpoint <c>h2c</c> (ServiceDefaults' <c>Http2CleartextOptions</c>): a reference to
    /// the service then gives the gateway <c>services__{name}__h2c__0</c>, and its streams share a few connections.
    /// Local topology only for now: deploy/compose and deploy/k8s (whose configuration names the containers topology
    /// must match) do not declare the port yet.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHttp2Cleartext(this IResourceBuilder<ProjectResource> service) =>
        service.WithHttpEndpoint(name: Http2CleartextEndpoint)
            .WithEnvironment("Http2Cleartext__Port", service.GetEndpoint(Http2CleartextEndpoint).Property(EndpointProperty.TargetPort));

    /// <summary>The endpoint name, also the service-discovery scheme the gateway reads.</summary>
    public const string Http2CleartextEndpoint = "h2c";

    /// <summary>
    /// The chat service, <c>--Chat:Replicas=N</c> times (default 1): <c>chat</c> on its port, <c>chat-2</c>… on free
    /// ports. The gateway references <c>chat</c>; the other replicas share its database and event bus.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddChatReplicas(
        this IDistributedApplicationBuilder builder, ServiceSettings settings, Action<IResourceBuilder<ProjectResource>> configure)
    {
        var first = builder.AddService<Projects.BigTechChat_ChatService>("chat", "Chat", settings);
        configure(first);
        var replicas = int.TryParse(builder.Configuration["Chat:Replicas"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
        for (var i = 2; i <= replicas; i++)
        {
            var replica = builder.AddProject<Projects.BigTechChat_ChatService>(string.Create(CultureInfo.InvariantCulture, $"chat-{i}"), launchProfileName: null)
                .WithHttpEndpoint(name: "http")
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
                .WithServiceSettings(settings)
                .WithHttpHealthCheck(HealthPath);
            configure(replica);
        }

        return first;
    }

    /// <summary>
    /// Redis (presence, token revocation) and Kafka when the topology has it, with readiness; the gateway gets these
    /// too, as in deploy/compose and deploy/k8s, though it runs no event bus.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMessaging(this IResourceBuilder<ProjectResource> service, SystemInfrastructure infrastructure)
    {
        service.WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis);
        if (infrastructure.Kafka is { } kafka)
        {
            service.WithReference(kafka).WaitFor(kafka);
        }

        if (infrastructure.KafkaTopics is { } topics)
        {
            service.WaitForCompletion(topics);
        }

        return service;
    }

    /// <summary><see cref="WithMessaging"/> plus the event-bus transport the topology chose (<c>EventBus:Transport</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithEventBus(
        this IResourceBuilder<ProjectResource> service, SystemInfrastructure infrastructure, ServiceSettings settings) =>
        service.WithMessaging(infrastructure).WithDefaultSetting(settings, "EventBus:Transport", infrastructure.Transport);

    /// <summary>The service's own database on the topology's SQL server, with the server's dialect; starts once the server is up.</summary>
    public static IResourceBuilder<ProjectResource> WithDatabase(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> database,
        SystemInfrastructure infrastructure, ServiceSettings settings) =>
        service.WithReference(database)
            .WaitFor(infrastructure.Database)
            .WithDefaultSetting(settings, "Database:ServerVersion", infrastructure.ServerVersion);

    /// <summary>The MongoDB message store when the topology has one; otherwise messages stay in chatdb.</summary>
    public static IResourceBuilder<ProjectResource> WithMessageStore(this IResourceBuilder<ProjectResource> chat, SystemInfrastructure infrastructure)
    {
        if (infrastructure.MessageDb is not { } messageDb)
        {
            return chat;
        }

        // A database resource has no process of its own: wait for its server.
        var server = messageDb.Resource is IResourceWithParent<IResourceWithConnectionString> database
            ? chat.ApplicationBuilder.CreateResourceBuilder(database.Parent)
            : messageDb;
        return chat.WithReference(messageDb).WaitFor(server);
    }

    /// <summary>
    /// The embedded host's four listeners as endpoints on the original ports (<c>--Ports:Gateway=…</c> etc. move them),
    /// passed to it as <c>Ports:*</c>; not proxied, since the process binds them itself.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSystemPorts(this IResourceBuilder<ProjectResource> embedded, IDistributedApplicationBuilder builder)
    {
        (string Name, string Setting, int Port)[] listeners =
        [
            ("gateway", "Gateway", 8000), ("user", "User", 8005), ("friend", "Friend", 8003), ("chat", "Chat", 8002),
        ];
        foreach (var (name, setting, fallback) in listeners)
        {
            var port = builder.Configuration.Port(setting, fallback);
            embedded.WithHttpEndpoint(port: port, name: name, isProxied: false)
                .WithEnvironment($"Ports__{setting}", port.ToString(CultureInfo.InvariantCulture));
        }

        return embedded;
    }
}
