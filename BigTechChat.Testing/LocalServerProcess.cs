using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BigTechChat.Testing;

/// <summary>A throw-away server process on loopback, killed with the test run.</summary>
public sealed class LocalServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _ownedDirectory;

    private LocalServerProcess(Process process, string? ownedDirectory) => (_process, _ownedDirectory) = (process, ownedDirectory);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="ownedDirectory">
    /// Deleted once the process has exited, on dispose or with the test run: a MariaDB data directory is ~240 MB, one
    /// per test process and run.
    /// </param>
    public static LocalServerProcess Start(string fileName, IEnumerable<string> arguments, string? ownedDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LocalServerProcess(process, ownedDirectory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(TimeSpan.FromSeconds(5));
        return server;
    }

    /// <summary>Kills the process and, once it has exited within <paramref name="wait"/>, deletes its owned directory.</summary>
    public void Stop(TimeSpan wait)
    {
        Kill();
        if (_ownedDirectory is not null && _process.WaitForExit(wait))
        {
            DeleteOwnedDirectory();
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        DeleteOwnedDirectory();
        _process.Dispose();
    }

    private void DeleteOwnedDirectory()
    {
        try
        {
            if (_ownedDirectory is not null && Directory.Exists(_ownedDirectory))
            {
                Directory.Delete(_ownedDirectory, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the OS's temp cleanup; a test run must not fail on it.
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A free loopback port below the kernel's ephemeral range (<c>/proc/sys/net/ipv4/ip_local_port_range</c>), for a
    /// server the tests start: a port from <see cref="FreePort"/> is ephemeral, so between choosing it and the server's
    /// bind (or while a restarted server is down) any outgoing connection on the machine can be given it, and the
    /// server fails "address in use".
    /// </summary>
    public static int FreeServerPort()
    {
        var ephemeralStart = 32768;
        if (File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            && int.TryParse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var start))
        {
            ephemeralStart = start;
        }

        const int lowest = 10_000;
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var port = Random.Shared.Next(lowest, Math.Max(lowest + 1, ephemeralStart));
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        throw new InvalidOperationException($"No free port between {lowest} and {ephemeralStart}");
    }

    public static string? FindExecutable(string name)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Concat(["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/sbin"]);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Polls until the check passes or the deadline is reached.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Not up yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{what} did not become ready within {timeout}");
    }
}
