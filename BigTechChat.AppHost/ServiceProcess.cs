using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace BigTechChat.AppHost;

/// <summary>
/// One service running as its own OS process from its built binary (<c>dotnet BigTechChat.X.dll</c>), the way an
/// orchestrator runs it: configured only through environment variables, checked through <c>/health</c>.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _assemblyPath;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public ServiceProcess(string name, string projectName, int port, IReadOnlyDictionary<string, string?> environment)
    {
        Name = name;
        Url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        _assemblyPath = ServiceBinaries.Locate(projectName);
        _environment = environment;
    }

    public string Name { get; }

    public Uri Url { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the process wrote, for diagnosing a failed start.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output.TakeLast(60));

    public void Start()
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_assemblyPath)!,
        };
        startInfo.ArgumentList.Add(_assemblyPath);
        startInfo.Environment["ASPNETCORE_URLS"] = Url.ToString().TrimEnd('/');
        foreach (var (key, value) in _environment)
        {
            startInfo.Environment[key] = value;
        }

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {Name}");
        _process.OutputDataReceived += (_, line) => Remember(line.Data);
        _process.ErrorDataReceived += (_, line) => Remember(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow answer while starting.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"{Name} was not healthy within {timeout}:{Environment.NewLine}{RecentOutput}");
    }

    /// <summary>Ends the process abruptly, as <c>kill -9</c> does: no graceful shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Asks the process to stop as SIGTERM would and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        if (terminate is not null)
        {
            await terminate.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 500)
        {
            _output.TryDequeue(out _);
        }
    }
}

/// <summary>Finds a service's built binary: its own output folder when built in this repository, else beside the AppHost.</summary>
internal static class ServiceBinaries
{
    public static string Locate(string projectName)
    {
        var fileName = projectName + ".dll";
        var baseDirectory = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(baseDirectory).Parent?.Name ?? "Release";
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, projectName, "bin", configuration, "net10.0", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var beside = Path.Combine(baseDirectory, fileName);
        return File.Exists(beside) ? beside : throw new FileNotFoundException($"Built binary of {projectName} not found", fileName);
    }
}
