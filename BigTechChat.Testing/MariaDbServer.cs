using MySqlConnector;

namespace BigTechChat.Testing;

/// <summary>
/// A MariaDB for tests: the server named by <c>BIGTECHCHAT_TEST_MYSQL</c> when set; otherwise a throw-away
/// <c>mariadbd</c> started once per test process on a free loopback port; otherwise the test skips (or fails in CI).
/// Each caller gets its own fresh database.
/// </summary>
public sealed class MariaDbServer
{
    public const string ConnectionVariable = "BIGTECHCHAT_TEST_MYSQL";

    private static readonly Lazy<Task<(MariaDbServer? Server, string? Reason)>> Shared = new(StartAsync);
    private readonly string _serverConnectionString;

    private MariaDbServer(string serverConnectionString) => _serverConnectionString = serverConnectionString;

    public static async Task<MariaDbServer> GetOrSkipAsync()
    {
        var (server, reason) = await Shared.Value;
        if (server is null)
        {
            InfrastructureRequirement.SkipOrFail(reason!);
        }

        return server!;
    }

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
        await using var connection = new MySqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
        await command.ExecuteNonQueryAsync();
        return new MySqlConnectionStringBuilder(_serverConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<(MariaDbServer?, string?)> StartAsync()
    {
        var given = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return (new MariaDbServer(given), null);
        }

        var mariadbd = LocalServerProcess.FindExecutable("mariadbd");
        var installDb = LocalServerProcess.FindExecutable("mariadb-install-db");
        if (mariadbd is null || installDb is null)
        {
            return (null, $"MariaDB is not installed (no mariadbd on PATH) and {ConnectionVariable} is not set");
        }

        var dataDir = Directory.CreateTempSubdirectory("bigtechchat-mariadb-").FullName;
        var install = LocalServerProcess.Start(installDb,
        [
            $"--datadir={dataDir}", "--user=root", "--auth-root-authentication-method=normal",
            "--skip-test-db", "--skip-name-resolve",
        ]);
        await LocalServerProcess.WaitUntilAsync(() => Task.FromResult(install.HasExited), TimeSpan.FromSeconds(60), "mariadb-install-db");

        var port = LocalServerProcess.FreeServerPort();
        LocalServerProcess.Start(mariadbd,
        [
            "--no-defaults", $"--datadir={dataDir}", $"--socket={Path.Combine(dataDir, "mysqld.sock")}",
            $"--port={port}", "--bind-address=127.0.0.1", "--user=root", "--skip-name-resolve",
            "--innodb-flush-log-at-trx-commit=2", "--innodb-doublewrite=0", "--max-connections=500",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
        ], ownedDirectory: dataDir);
        var connectionString = $"Server=127.0.0.1;Port={port};User ID=root;Password=;Pooling=true;Maximum Pool Size=200";
        await LocalServerProcess.WaitUntilAsync(async () =>
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync();
            return true;
        }, TimeSpan.FromSeconds(60), "mariadbd");
        return (new MariaDbServer(connectionString), null);
    }
}
