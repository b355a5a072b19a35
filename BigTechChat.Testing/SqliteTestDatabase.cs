using Microsoft.EntityFrameworkCore;

namespace BigTechChat.Testing;

/// <summary>A throw-away SQLite database file for one test, set up as the services run theirs (WAL).</summary>
public static class SqliteTestDatabase
{
    /// <summary>
    /// A connection string (pooled, 30 s busy timeout) to <paramref name="fileName"/> in a new temporary directory named
    /// <paramref name="prefix"/>…; the caller deletes the directory when done.
    /// </summary>
    public static string NewFile(string prefix, string fileName)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        return $"Data Source={Path.Combine(directory, fileName)};Pooling=True;Default Timeout=30";
    }

    /// <summary>Switches the database to WAL and creates the model's tables (no migrations).</summary>
    public static async Task CreateAsync(DbContext db, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }
}
