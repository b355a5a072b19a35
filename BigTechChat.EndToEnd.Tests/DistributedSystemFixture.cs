using System.Diagnostics;
using System.Globalization;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BigTechChat.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.EndToEnd.Tests;

/// <summary>
/// The AppHost's local topology under Aspire.Hosting.Testing (DESIGN.md §3, distributed mode): MariaDB and Redis
/// as executables under DCP, the gateway, user, friend and two chat replicas as separate processes, Redis Streams
/// as the event bus. Started once for every distributed test; ports below the ephemeral range, data in a temp folder.
/// </summary>
public sealed class DistributedSystemFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(10);

    // DCP makes a fresh 4096-bit RSA key for its API server at every start when no trusted developer certificate
    // exists (CI): seconds of CPU with a long tail, more on a CPU shared with the other test assemblies. Aspire's
    // defaults give DCP's kubeconfig 60 s per call and 2 minutes per resource; these give it 4 minutes.
    private static readonly TimeSpan DcpInitializationAllowance = TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DcpCreateRecoveryTimeout = TimeSpan.FromMinutes(4);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bigtechchat-aspire-").FullName;

    private string AttemptDirectory(int attempt) => Path.Combine(_dataDirectory, $"attempt-{attempt}");

    private string DcpLogDirectory(int attempt) => Path.Combine(AttemptDirectory(attempt), "dcp-logs");

    public DistributedApplication App { get; private set; } = null!;

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The chat replica the gateway routes to (resource <c>chat</c>).</summary>
    public ChatReplica FirstChat { get; private set; } = null!;

    /// <summary>The second replica (resource <c>chat-2</c>), reached only directly.</summary>
    public ChatReplica SecondChat { get; private set; } = null!;

    public HttpClient CreateClient(Uri baseAddress) => new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient CreateGatewayClient() => CreateClient(GatewayUrl);

    public async ValueTask InitializeAsync()
    {
        foreach (var server in new[] { "mariadbd", "mariadb-install-db", "redis-server" })
        {
            if (LocalServerProcess.FindExecutable(server) is null)
            {
                InfrastructureRequirement.SkipOrFail($"The local topology needs {server} on PATH");
            }
        }

        using var timeout = new CancellationTokenSource(StartupTimeout);
        var started = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync(attempt, timeout.Token);
                break;
            }
            catch (Exception e) when (attempt == 1 && !DcpApiServerStarted(attempt))
            {
                // DCP itself never came up, so nothing of ours ran yet: report it and start over once.
                Console.Error.WriteLine($"DCP's API server did not start (attempt 1, {started.Elapsed.TotalSeconds:F0} s): {e.GetType().Name}: {e.Message}\n{DcpApiServerLogTail(attempt)}");
                await StopAppAsync();
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(
                    $"The Aspire app did not start (attempt {attempt}, after {started.Elapsed.TotalSeconds:F0} s). DCP's API server log ends:\n{DcpApiServerLogTail(attempt)}", e);
            }
        }

        GatewayUrl = App.GetEndpoint("gateway", "http");
        FirstChat = new ChatReplica(App, "chat");
        SecondChat = new ChatReplica(App, "chat-2");
    }

    private async Task StartAsync(int attempt, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BigTechChat_AppHost>(
        [
            "--Topology=local",
            "--Chat:Replicas=2",
            $"--Database:DataDirectory={AttemptDirectory(attempt)}",
            $"--Local:MariaDbPort={LocalServerProcess.FreeServerPort()}",
            $"--Local:RedisPort={LocalServerProcess.FreeServerPort()}",
            "--Passwords:WorkFactor=4",
            "--RateLimiting:PermitsPerMinute=100000",
            "--RateLimiting:LoginPermitsPerMinute=100000",
            "--Logging:LogLevel:Default=Warning",
            $"--DcpPublisher:KubernetesInitializationAdditionalTimeout={DcpInitializationAllowance:c}",
            $"--DcpPublisher:KubernetesCreateRecoveryTimeout={DcpCreateRecoveryTimeout:c}",
            $"--DcpPublisher:DiagnosticsLogFolder={DcpLogDirectory(attempt)}",
            "--DcpPublisher:DiagnosticsLogLevel=info",
        ], cancellationToken);
        App = await builder.BuildAsync(cancellationToken);
        await App.StartAsync(cancellationToken);
        await Task.WhenAll(
            App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cancellationToken),
            App.ResourceNotifications.WaitForResourceHealthyAsync("chat-2", cancellationToken));
    }

    // DCP writes one log per command; its API server's says how far its start got (key, kubeconfig, listening).
    private string[] DcpApiServerLogs(int attempt) =>
        Directory.Exists(DcpLogDirectory(attempt)) ? [.. Directory.GetFiles(DcpLogDirectory(attempt), "*start-apiserver*.log").Order()] : [];

    private bool DcpApiServerStarted(int attempt) =>
        DcpApiServerLogs(attempt).Any(log => File.ReadLines(log).Any(line => line.Contains("API server started", StringComparison.Ordinal)));

    private string DcpApiServerLogTail(int attempt)
    {
        var logs = DcpApiServerLogs(attempt);
        return logs.Length == 0
            ? "(DCP wrote no API server log)"
            : string.Join('\n', logs.SelectMany(log => File.ReadLines(log).TakeLast(15).Prepend($"== {Path.GetFileName(log)}")));
    }

    private async Task StopAppAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
            App = null!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still hold a file for a moment; the folder is in the temp directory anyway.
        }
    }

    /// <summary>Stops a resource through Aspire's own command (as the dashboard's Stop button) and waits until it has exited.</summary>
    public async Task StopResourceAsync(string name)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand, TestContext.Current.CancellationToken);
        Assert.True(result.Success, result.Message);
        await App.ResourceNotifications.WaitForResourceAsync(name, KnownResourceStates.TerminalStates, TestContext.Current.CancellationToken);
    }

    /// <summary>Starts a stopped or killed resource through Aspire's Start command and waits until its health check passes.</summary>
    public async Task StartResourceAsync(string name)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand, TestContext.Current.CancellationToken);
        Assert.True(result.Success, result.Message);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await App.ResourceNotifications.WaitForResourceAsync(
            name,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            timeout.Token);
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

/// <summary>One chat-service replica of the Aspire app: its URL, and kill -9 of its process.</summary>
public sealed class ChatReplica(DistributedApplication app, string resourceName)
{
    public string ResourceName => resourceName;

    public Uri Url { get; } = app.GetEndpoint(resourceName, "http");

    /// <summary>
    /// Ends the replica as <c>kill -9</c> does: SIGKILL to the process DCP started and its children (Aspire's Stop
    /// command is graceful, so this is our own process control), then waits until Aspire sees it exited.
    /// </summary>
    public async Task KillAsync()
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resourceName, out var current), $"{resourceName} has no state");
        var pid = current.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        using var process = Process.GetProcessById(Convert.ToInt32(pid, CultureInfo.InvariantCulture));
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await app.ResourceNotifications.WaitForResourceAsync(resourceName, KnownResourceStates.TerminalStates, TestContext.Current.CancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class DistributedSystemCollection : ICollectionFixture<DistributedSystemFixture>
{
    public const string Name = "distributed system (Aspire, local topology)";
}
