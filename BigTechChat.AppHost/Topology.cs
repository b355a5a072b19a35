using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace BigTechChat.AppHost;

/// <summary>How the system runs on this machine (docs/operations.md, "Running locally").</summary>
public enum Topology
{
    /// <summary>A Docker engine answers: MySQL 8, MongoDB 7, Redis and Kafka as containers; the design card.</summary>
    Containers,

    /// <summary>No Docker, but <c>redis-server</c> and <c>mariadbd</c> on PATH: both as local processes, Redis Streams bus.</summary>
    Local,

    /// <summary>Only the .NET SDK: the embedded host (one process, SQLite, in-process bus).</summary>
    Embedded,
}

public static class TopologyExtensions
{
    /// <summary>Configuration key of the override: <c>--Topology=embedded</c> on the command line or <c>Topology=embedded</c> in the environment.</summary>
    public const string ConfigurationKey = "Topology";

    /// <summary>Picks the topology (the override, else what this machine has) and prints one line saying which and why.</summary>
    /// <exception cref="ArgumentException">The override names no topology.</exception>
    public static Topology ChooseTopology(this IDistributedApplicationBuilder builder)
    {
        var (topology, reason) = Choose(builder.Configuration);
        Console.WriteLine($"BigTech Chat topology: {topology.ToString().ToLowerInvariant()} ({reason}). "
            + $"Override with --{ConfigurationKey}=containers|local|embedded.");
        return topology;
    }

    private static (Topology Topology, string Reason) Choose(IConfiguration configuration)
    {
        var given = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Enum.TryParse<Topology>(given, ignoreCase: true, out var chosen) && Enum.IsDefined(chosen)
                ? (chosen, $"{ConfigurationKey}={given} given")
                : throw new ArgumentException($"{ConfigurationKey}={given} is not one of containers, local, embedded.");
        }

        if (DockerEngineAnswers())
        {
            return (Topology.Containers, "a Docker engine answers");
        }

        string[] servers = ["redis-server", "mariadbd", "mariadb-install-db"];
        var missing = servers.Where(name => LocalExecutables.Find(name) is null).ToList();
        return missing.Count == 0
            ? (Topology.Local, "no Docker engine; redis-server and mariadbd are on PATH")
            : (Topology.Embedded, $"no Docker engine and no {string.Join(", ", missing)} on PATH");
    }

    /// <summary><c>docker info</c> exits 0 only when the client reaches an engine (it honours DOCKER_HOST and contexts).</summary>
    private static bool DockerEngineAnswers()
    {
        if (LocalExecutables.Find("docker") is not { } docker)
        {
            return false;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(docker, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>Finds a program on PATH, plus the sbin folders Debian installs servers into.</summary>
internal static class LocalExecutables
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/sbin"])
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
