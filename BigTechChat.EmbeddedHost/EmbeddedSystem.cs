using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BigTechChat.EventBus.InProcess;
using BigTechChat.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.EmbeddedHost;

public sealed record EmbeddedSystemOptions
{
    public SystemPorts Ports { get; init; } = SystemPorts.Default;

    public string DataDirectory { get; init; } = "data";

    public string EnvironmentName { get; init; } = Environments.Development;

    public string[] Args { get; init; } = [];

    /// <summary>Settings applied to every host, e.g. a lower bcrypt cost in tests.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// The embedded mode of DESIGN.md §3: the gateway and the three services in one process, each with its own
/// DI container, port and SQLite file, joined by one in-process broker and one token revocation list.
/// They still talk only over HTTP and events.
/// </summary>
public sealed class EmbeddedSystem : IAsyncDisposable
{
    private static readonly string[] StartOrder = ["user", "friend", "chat", "gateway"];
    private readonly List<WebApplication> _hosts = [];
    private readonly IDisposable? _tracing;

    private EmbeddedSystem(EmbeddedSystemOptions options, IDisposable? tracing)
    {
        Options = options;
        _tracing = tracing;
        var ports = options.Ports;
        Endpoints =
        [
            new("gateway", "Gateway", LocalUrl(ports.Gateway), HasDocs: false),
            new("user", "User Service", LocalUrl(ports.User), HasDocs: true),
            new("friend", "Friend Service", LocalUrl(ports.Friend), HasDocs: true),
            new("chat", "Chat Service", LocalUrl(ports.Chat), HasDocs: true),
        ];
        Http2Ports = Endpoints.Where(e => e.Name != "gateway").ToDictionary(e => e.Name, _ => FreeLoopbackPort());
    }

    /// <summary>
    /// Each service's internal HTTP/2-only (h2c) port, a free loopback port: the gateway's hop multiplexes its streams
    /// there, so a stream costs the process one descriptor, not three (client, upstream, accepted).
    /// </summary>
    public IReadOnlyDictionary<string, int> Http2Ports { get; }

    public EmbeddedSystemOptions Options { get; }

    public IReadOnlyList<ServiceEndpoint> Endpoints { get; }

    public Uri GatewayUrl => Endpoints[0].Url;

    public static async Task<EmbeddedSystem> StartAsync(EmbeddedSystemOptions options, CancellationToken cancellationToken = default)
    {
        var system = new EmbeddedSystem(options, ProcessTracing.StartIfConfigured(options));
        var broker = new InProcessBroker();
        var revocations = new InMemoryTokenRevocationList(TimeProvider.System);
        try
        {
            foreach (var name in StartOrder)
            {
                var host = system.BuildHost(name, broker, revocations);
                system._hosts.Add(host);
                await host.StartAsync(cancellationToken);
            }
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
        // Gateway first, so no request reaches a service that is already stopping.
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            try
            {
                await _hosts[i].StopAsync(CancellationToken.None);
            }
            finally
            {
                await _hosts[i].DisposeAsync();
            }
        }

        _hosts.Clear();
        _tracing?.Dispose();
    }

    private WebApplication BuildHost(string name, InProcessBroker broker, ITokenRevocationList revocations)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = ServiceHostFactory.ApplicationName(name),
            EnvironmentName = Options.EnvironmentName,
            Args = Options.Args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Defaults go first so environment variables and command-line arguments still override them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = SharedSettings() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Extensions.EmbeddedTracingKey] = "true",
        });
        if (Http2Ports.TryGetValue(name, out var http2Port))
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Http2Cleartext:Port"] = http2Port.ToString(CultureInfo.InvariantCulture),
            });
            builder.WebHost.UseUrls(Endpoints.Single(e => e.Name == name).Url.ToString(), LoopbackUrl(http2Port));
        }
        else
        {
            builder.WebHost.UseUrls(Endpoints.Single(e => e.Name == name).Url.ToString());
        }
        builder.Services.AddSingleton(broker);
        builder.Services.AddSingleton(revocations);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        return ServiceHostFactory.Build(name, builder);
    }

    private Dictionary<string, string?> SharedSettings()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Database:DataDirectory"] = Path.GetFullPath(Options.DataDirectory),
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        };
        foreach (var endpoint in Endpoints.Where(e => e.Name != "gateway"))
        {
            settings[$"services:{endpoint.Name}:http:0"] = endpoint.Url.ToString().TrimEnd('/');
            settings[$"services:{endpoint.Name}:h2c:0"] = LoopbackUrl(Http2Ports[endpoint.Name]);
        }

        foreach (var (key, value) in Options.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static string LoopbackUrl(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Uri LocalUrl(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}/"));
}

/// <summary>The AppHost owns Ctrl+C and SIGTERM for the whole process; the hosts inside it do not listen for them.</summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
