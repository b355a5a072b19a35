using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Testcontainers.Kafka;
using Testcontainers.MongoDb;
using Testcontainers.MySql;
using Testcontainers.Redis;

namespace BigTechChat.AppHost;

/// <summary>
/// The distributed topology's servers on a developer machine: MySQL 8, MongoDB 7, Redis 7, Kafka and the
/// standalone Aspire dashboard as throw-away containers (needs a Docker engine).
/// </summary>
internal sealed class DevInfrastructure : IAsyncDisposable
{
    private const int DashboardUiPort = 18888;
    private const int DashboardOtlpPort = 18889;
    private readonly List<IContainer> _containers = [];

    public Dictionary<string, string> ConnectionStrings { get; } = [];

    public Uri? DashboardUrl { get; private set; }

    public Uri? OtlpEndpoint { get; private set; }

    public static async Task<DevInfrastructure> StartAsync(CancellationToken cancellationToken)
    {
        var infrastructure = new DevInfrastructure();
        try
        {
            var mysql = infrastructure.Track(new MySqlBuilder("mysql:8.0").WithUsername("root").WithPassword("bigtechchat").Build());
            var mongo = infrastructure.Track(new MongoDbBuilder("mongo:7.0").Build());
            var redis = infrastructure.Track(new RedisBuilder("redis:7").Build());
            var kafka = infrastructure.Track(new KafkaBuilder("confluentinc/cp-kafka:7.6.1").Build());
            var dashboard = infrastructure.Track(new ContainerBuilder("mcr.microsoft.com/dotnet/aspire-dashboard:9.1")
                .WithPortBinding(DashboardUiPort, true)
                .WithPortBinding(DashboardOtlpPort, true)
                .WithEnvironment("DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", "true")
                .Build());
            await Task.WhenAll(infrastructure._containers.Select(c => c.StartAsync(cancellationToken)));

            var server = mysql.GetConnectionString();
            foreach (var database in new[] { "userdb", "frienddb", "chatdb" })
            {
                infrastructure.ConnectionStrings[database] = ReplaceDatabase(server, database);
            }

            infrastructure.ConnectionStrings["messagedb"] = mongo.GetConnectionString();
            infrastructure.ConnectionStrings["redis"] = redis.GetConnectionString();
            infrastructure.ConnectionStrings["kafka"] = kafka.GetBootstrapAddress();
            infrastructure.DashboardUrl = new UriBuilder("http", dashboard.Hostname, dashboard.GetMappedPublicPort(DashboardUiPort)).Uri;
            infrastructure.OtlpEndpoint = new UriBuilder("http", dashboard.Hostname, dashboard.GetMappedPublicPort(DashboardOtlpPort)).Uri;
            return infrastructure;
        }
        catch
        {
            await infrastructure.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }
    }

    private T Track<T>(T container)
        where T : IContainer
    {
        _containers.Add(container);
        return container;
    }

    private static string ReplaceDatabase(string connectionString, string database) =>
        string.Join(';', connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !part.StartsWith("Database=", StringComparison.OrdinalIgnoreCase))
            .Append($"Database={database}"));
}
