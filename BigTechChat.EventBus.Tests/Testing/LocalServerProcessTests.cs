using BigTechChat.Testing;

namespace BigTechChat.EventBus.Tests.Testing;

/// <summary>A test server's data directory goes with its process (a MariaDB one is ~240 MB per test process and run).</summary>
public sealed class LocalServerProcessTests
{
    [Fact]
    public void Stopping_kills_the_process_and_deletes_its_owned_directory()
    {
        var (directory, server) = StartSleeper();

        server.Stop(TimeSpan.FromSeconds(10));

        Assert.True(server.HasExited);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task Disposing_deletes_the_owned_directory_too()
    {
        var (directory, server) = StartSleeper();

        await server.DisposeAsync();

        Assert.False(Directory.Exists(directory));
    }

    private static (string Directory, LocalServerProcess Server) StartSleeper()
    {
        var directory = Directory.CreateTempSubdirectory("local-server-test-").FullName;
        File.WriteAllText(Path.Combine(directory, "data"), "server data");
        var sleep = LocalServerProcess.FindExecutable("sleep") ?? throw new InvalidOperationException("no sleep executable on PATH");
        return (directory, LocalServerProcess.Start(sleep, ["60"], ownedDirectory: directory));
    }
}
