using Microsoft.Extensions.Configuration;

namespace BigTechChat.AppHost;

/// <summary>
/// The local topology's servers: MariaDB and Redis from the machine's packages, run by the AppHost as processes
/// with their data under the data directory. Ports are fixed (<c>--Local:MariaDbPort</c>, <c>--Local:RedisPort</c>) and
/// differ from the system services' 3306/6379, so an installed server that apt started does not clash.
/// </summary>
public static class LocalInfrastructure
{
    public const int DefaultMariaDbPort = 3307;
    public const int DefaultRedisPort = 6380;

    public static SystemInfrastructure AddLocalInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var data = builder.DataDirectory();
        var mariaDbData = Path.Combine(data, "mariadb");
        var redisData = Path.Combine(data, "redis");
        Directory.CreateDirectory(mariaDbData);
        Directory.CreateDirectory(redisData);
        var mariaDbPort = LocalPort(builder.Configuration, "MariaDbPort", DefaultMariaDbPort);
        var redisPort = LocalPort(builder.Configuration, "RedisPort", DefaultRedisPort);

        // Initialises the data directory on first run; on later runs it says "already exists" and exits 0.
        var install = builder.AddExecutable("mariadb-install", LocalExecutables.Find("mariadb-install-db") ?? "mariadb-install-db", data,
            "--no-defaults", $"--datadir={mariaDbData}", "--user=root", "--auth-root-authentication-method=normal",
            "--skip-test-db", "--skip-name-resolve");

        var mariaDb = builder.AddResource(new LocalServerResource("mariadb", LocalExecutables.Find("mariadbd") ?? "mariadbd", data,
                endpoint => ReferenceExpression.Create(
                    $"Server={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};User ID=root;Password=;Maximum Pool Size=200")))
            .WithArgs("--no-defaults", $"--datadir={mariaDbData}", $"--socket={Path.Combine(mariaDbData, "mysqld.sock")}",
                $"--port={mariaDbPort}", "--bind-address=127.0.0.1", "--user=root", "--skip-name-resolve", "--skip-log-bin",
                "--max-connections=500", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci")
            .WithEndpoint(LocalServerResource.EndpointName, endpoint =>
            {
                endpoint.Port = mariaDbPort;
                endpoint.TargetPort = mariaDbPort;
                endpoint.UriScheme = "tcp";
                endpoint.IsProxied = false;
            })
            .WaitForCompletion(install);
        mariaDb.WithTcpHealthCheck(mariaDb.Resource.Endpoint);

        var redis = builder.AddResource(new LocalServerResource("redis", LocalExecutables.Find("redis-server") ?? "redis-server", redisData,
                endpoint => ReferenceExpression.Create(
                    $"{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}")))
            .WithArgs("--port", redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1", "--dir", redisData, "--save", "", "--appendonly", "no")
            .WithEndpoint(LocalServerResource.EndpointName, endpoint =>
            {
                endpoint.Port = redisPort;
                endpoint.TargetPort = redisPort;
                endpoint.UriScheme = "tcp";
                endpoint.IsProxied = false;
            });
        redis.WithTcpHealthCheck(redis.Resource.Endpoint);

        IResourceBuilder<IResourceWithConnectionString> server = mariaDb;
        return new SystemInfrastructure(
            server,
            server.AddDatabase("userdb"),
            server.AddDatabase("frienddb"),
            server.AddDatabase("chatdb"),
            redis,
            MessageDb: null,
            Kafka: null,
            KafkaTopics: null,
            ServerVersion: "10.11.0-mariadb",
            Transport: "redis");
    }

    /// <summary>The data directory: <c>--Database:DataDirectory</c>, else <c>data/</c> at the repository root.</summary>
    public static string DataDirectory(this IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration["Database:DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, "..", "data"));

    private static int LocalPort(IConfiguration configuration, string name, int fallback) =>
        int.TryParse(configuration[$"Local:{name}"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? port
            : fallback;
}
