using BigTechChat.EmbeddedHost;
using BigTechChat.Testing;

namespace BigTechChat.EndToEnd.Tests;

/// <summary>The AppHost's embedded system on free ports with a throw-away data folder.</summary>
public sealed class EmbeddedSystemFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bigtechchat-e2e-").FullName;
    private EmbeddedSystemOptions _options = null!;

    public EmbeddedSystem System { get; private set; } = null!;

    public HttpClient CreateGatewayClient() => new() { BaseAddress = System.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask InitializeAsync()
    {
        _options = new EmbeddedSystemOptions
        {
            // Restartable ports: StartAsync binds them again after a StopAsync.
            Ports = new SystemPorts(
                LocalServerProcess.FreeServerPort(), LocalServerProcess.FreeServerPort(),
                LocalServerProcess.FreeServerPort(), LocalServerProcess.FreeServerPort()),
            DataDirectory = _dataDirectory,
            Settings = new Dictionary<string, string?>
            {
                ["Passwords:WorkFactor"] = "4",
                ["RateLimiting:PermitsPerMinute"] = "100000",
                ["RateLimiting:LoginPermitsPerMinute"] = "100000",
                ["Login:AttemptsPerAccount"] = "100000",
            },
        };
        await StartAsync();
    }

    /// <summary>Stops every host, as a server going down would; <see cref="StartAsync"/> brings it back.</summary>
    public ValueTask StopAsync() => System.DisposeAsync();

    /// <summary>Starts the system on the same ports and data folder, so clients find it where it was.</summary>
    public async Task StartAsync() => System = await EmbeddedSystem.StartAsync(_options);

    public async ValueTask DisposeAsync()
    {
        await System.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a handle for a moment; the folder is in the temp directory anyway.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedSystemCollection : ICollectionFixture<EmbeddedSystemFixture>
{
    public const string Name = "embedded system";
}
