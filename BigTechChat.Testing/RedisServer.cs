using StackExchange.Redis;

namespace BigTechChat.Testing;

/// <summary>
/// A Redis for tests: <c>BIGTECHCHAT_TEST_REDIS</c> when set; otherwise a throw-away <c>redis-server</c> per caller
/// on a free loopback port (so a test may stop and restart it); otherwise skip (or fail in CI).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string ConnectionVariable = "BIGTECHCHAT_TEST_REDIS";

    private readonly string? _executable;
    private LocalServerProcess? _process;

    private RedisServer(string connectionString, string? executable, int port)
    {
        ConnectionString = connectionString;
        _executable = executable;
        Port = port;
    }

    public string ConnectionString { get; }

    public int Port { get; }

    /// <summary>True when this fixture owns the process and can stop and restart it.</summary>
    public bool IsOwned => _executable is not null;

    public static async Task<RedisServer> StartOrSkipAsync()
    {
        var given = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new RedisServer(given, null, 0);
        }

        var executable = LocalServerProcess.FindExecutable("redis-server");
        if (executable is null)
        {
            InfrastructureRequirement.SkipOrFail($"Redis is not installed (no redis-server on PATH) and {ConnectionVariable} is not set");
        }

        var port = LocalServerProcess.FreeServerPort();
        var server = new RedisServer($"127.0.0.1:{port},abortConnect=false", executable, port);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        if (_executable is null)
        {
            return;
        }

        _process = LocalServerProcess.Start(_executable, ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await LocalServerProcess.WaitUntilAsync(async () =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},connectTimeout=500");
            return connection.IsConnected;
        }, TimeSpan.FromSeconds(20), "redis-server");
    }

    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
