using Microsoft.Extensions.Configuration;

namespace BigTechChat.AppHost;

/// <summary>
/// <c>--mode distributed</c>: every service as its own process against real servers — the ones named by
/// <c>ConnectionStrings:*</c> when given, otherwise containers started through Docker.
/// </summary>
internal static class DistributedLauncher
{
    private static readonly string[] RequiredConnections = ["userdb", "frienddb", "chatdb", "redis"];
    private static readonly string[] OptionalConnections = ["messagedb", "kafka"];

    public static async Task RunAsync(IConfiguration configuration, SystemPorts ports, ShutdownSignal shutdown)
    {
        await using var containers = HasGivenServers(configuration) ? null : await StartContainersAsync(shutdown.Token);
        var connections = containers?.ConnectionStrings ?? GivenConnections(configuration);
        var settings = new Dictionary<string, string?>
        {
            ["EventBus:Transport"] = configuration["EventBus:Transport"] ?? (connections.ContainsKey("kafka") ? "kafka" : "redis"),
        };
        if (containers?.OtlpEndpoint is { } otlp)
        {
            settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.ToString();
        }

        await using var system = await DistributedSystem.StartAsync(new DistributedSystemOptions
        {
            Ports = ports,
            ConnectionStrings = connections,
            Settings = settings,
            EnvironmentName = "Development",
        }, shutdown.Token);

        Console.WriteLine(StartupBanner.Render(system, containers?.DashboardUrl));
        await shutdown.WaitAsync();
        Console.WriteLine("Stopping BigTech Chat ...");
    }

    private static bool HasGivenServers(IConfiguration configuration) =>
        RequiredConnections.All(name => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(name)));

    private static Dictionary<string, string> GivenConnections(IConfiguration configuration) =>
        RequiredConnections.Concat(OptionalConnections)
            .Where(name => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(name)))
            .ToDictionary(name => name, name => configuration.GetConnectionString(name)!);

    private static async Task<DevInfrastructure> StartContainersAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("Starting MySQL, MongoDB, Redis, Kafka and the Aspire dashboard as containers ...");
        try
        {
            return await DevInfrastructure.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                "The distributed mode needs either a Docker engine or the servers' connection strings "
                + "(ConnectionStrings__userdb, __frienddb, __chatdb, __redis; optionally __messagedb, __kafka).", exception);
        }
    }
}
