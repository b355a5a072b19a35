using System.Net;
using BigTechChat.AppHost;
using BigTechChat.Testing;

namespace BigTechChat.EndToEnd.Tests;

/// <summary>
/// The system as separate OS processes (gateway, user, friend, two chat instances) on real MariaDB and Redis,
/// with Redis Streams as the event bus — the distributed mode of DESIGN.md §3.
/// </summary>
public class DistributedSystemFixture : IAsyncLifetime
{
    /// <summary>A fresh random key: the system runs as Production, which refuses every key committed to the repository.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(global::System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public DistributedSystem System { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public ServiceProcess FirstChat => System.ChatInstances[0];

    public ServiceProcess SecondChat => System.ChatInstances[1];

    public HttpClient CreateClient(Uri baseAddress) => new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient CreateGatewayClient() => CreateClient(System.Gateway.Url);

    public async ValueTask InitializeAsync()
    {
        var mariaDb = await MariaDbServer.GetOrSkipAsync();
        Redis = await RedisServer.StartOrSkipAsync();
        System = await DistributedSystem.StartAsync(new DistributedSystemOptions
        {
            Ports = new SystemPorts(
                LocalServerProcess.FreePort(), LocalServerProcess.FreePort(), LocalServerProcess.FreePort(), LocalServerProcess.FreePort()),
            ExtraChatPorts = [LocalServerProcess.FreePort()],
            ConnectionStrings = new Dictionary<string, string>
            {
                ["userdb"] = await mariaDb.CreateDatabaseAsync("user"),
                ["frienddb"] = await mariaDb.CreateDatabaseAsync("friend"),
                ["chatdb"] = await mariaDb.CreateDatabaseAsync("chat"),
                ["redis"] = Redis.ConnectionString,
            },
            Settings = new Dictionary<string, string?>
            {
                ["EventBus:Transport"] = "redis",
                ["Jwt:SigningKey"] = SigningKey,
                ["Database:ServerVersion"] = "10.11.0-mariadb",
                ["Passwords:WorkFactor"] = "4",
                ["RateLimiting:PermitsPerMinute"] = "100000",
                ["RateLimiting:LoginPermitsPerMinute"] = "100000",
                ["Logging:LogLevel:Default"] = "Warning",
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (System is not null)
        {
            await System.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }

    /// <summary>Two users who are friends, with their direct room.</summary>
    public async Task<(ChatClient Alice, ChatClient Bob, long RoomId)> CreateConversationAsync(HttpClient gateway)
    {
        var alice = await ChatClient.RegisterAndLoginAsync(gateway, "alice");
        var bob = await ChatClient.RegisterAndLoginAsync(gateway, "bob");
        var room = await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}");
        Assert.Equal(HttpStatusCode.OK, room.Status);
        return (alice, bob, room.Body!["id"]!.GetValue<long>());
    }
}
