using System.Globalization;

namespace BigTechChat.AppHost;

public sealed record DistributedSystemOptions
{
    public SystemPorts Ports { get; init; } = SystemPorts.Default;

    /// <summary>Extra chat-service instances, each on its own port after <see cref="ExtraChatPorts"/>.</summary>
    public IReadOnlyList<int> ExtraChatPorts { get; init; } = [];

    /// <summary>userdb, frienddb, chatdb, messagedb, redis, kafka — whichever are given.</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings { get; init; } = new Dictionary<string, string>();

    /// <summary>Settings for every service as configuration keys (<c>EventBus:Transport</c>); become environment variables.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public string EnvironmentName { get; init; } = "Production";

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(90);
}

/// <summary>
/// The distributed topology: every service its own process, configured only by connection strings and service
/// discovery variables, as under docker compose or Kubernetes. Used by the AppHost's distributed mode and by the
/// distributed tests.
/// </summary>
public sealed class DistributedSystem : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];

    private DistributedSystem(DistributedSystemOptions options) => Options = options;

    public DistributedSystemOptions Options { get; }

    public IReadOnlyList<ServiceProcess> Processes => _processes;

    public ServiceProcess Gateway => _processes.Single(p => p.Name == "gateway");

    public IReadOnlyList<ServiceProcess> ChatInstances => _processes.Where(p => p.Name.StartsWith("chat", StringComparison.Ordinal)).ToList();

    public static async Task<DistributedSystem> StartAsync(DistributedSystemOptions options, CancellationToken cancellationToken = default)
    {
        var system = new DistributedSystem(options);
        try
        {
            var ports = options.Ports;
            var services = new List<ServiceProcess>
            {
                system.Create("user", "BigTechChat.UserService", ports.User),
                system.Create("friend", "BigTechChat.FriendService", ports.Friend),
                system.Create("chat", "BigTechChat.ChatService", ports.Chat),
            };
            services.AddRange(options.ExtraChatPorts.Select((port, i) =>
                system.Create(string.Create(CultureInfo.InvariantCulture, $"chat-{i + 2}"), "BigTechChat.ChatService", port)));
            system._processes.AddRange(services);
            foreach (var service in services)
            {
                service.Start();
            }

            await Task.WhenAll(services.Select(s => s.WaitUntilHealthyAsync(options.StartupTimeout, cancellationToken)));

            var gateway = system.Create("gateway", "BigTechChat.Gateway", ports.Gateway);
            system._processes.Add(gateway);
            gateway.Start();
            await gateway.WaitUntilHealthyAsync(options.StartupTimeout, cancellationToken);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }

        return system;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
    }

    private ServiceProcess Create(string name, string projectName, int port) =>
        new(name, projectName, port, Environment(name));

    private Dictionary<string, string?> Environment(string name)
    {
        var ports = Options.Ports;
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_ENVIRONMENT"] = Options.EnvironmentName,
            ["ASPNETCORE_ENVIRONMENT"] = Options.EnvironmentName,
            ["services__user__http__0"] = Local(ports.User),
            ["services__friend__http__0"] = Local(ports.Friend),
            ["services__chat__http__0"] = Local(ports.Chat),
            ["EventBus__InstanceId"] = name,
        };
        foreach (var (key, value) in Options.ConnectionStrings)
        {
            variables[$"ConnectionStrings__{key}"] = value;
        }

        foreach (var (key, value) in Options.Settings)
        {
            variables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return variables;
    }

    private static string Local(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
}
