using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace BigTechChat.Persistence;

/// <summary>
/// Readies each pooled SQLite connection EF opens. Once per physical connection it sets the busy timeout (SQLite
/// then waits for a concurrent writer in millisecond steps, instead of Microsoft.Data.Sqlite's 150 ms retry sleeps)
/// and <c>synchronous=NORMAL</c> (durable in WAL mode except on power loss, per sqlite.org/pragma.html#pragma_synchronous).
/// On every open it rolls back a transaction a previous lease left on the pooled handle: such a handle answers the
/// next <c>BEGIN</c> with "cannot start a transaction within a transaction", which surfaced as 503s under load.
/// </summary>
internal sealed partial class SqliteConnectionPreparer(TimeSpan busyTimeout, ILogger logger) : DbConnectionInterceptor
{
    // Keyed by the native handle, which lives as long as the physical connection in the pool.
    private static readonly ConditionalWeakTable<sqlite3, object> Prepared = [];

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Prepare(connection);
        return Task.CompletedTask;
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Prepare(connection);

    private void Prepare(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle })
        {
            return;
        }

        if (raw.sqlite3_get_autocommit(handle) == 0)
        {
            LogLeftoverTransaction(logger, connection.DataSource);
            Check(raw.sqlite3_exec(handle, "ROLLBACK;"), handle);
        }

        if (Prepared.TryGetValue(handle, out _))
        {
            return;
        }

        Check(raw.sqlite3_busy_timeout(handle, (int)busyTimeout.TotalMilliseconds), handle);
        Check(raw.sqlite3_exec(handle, "PRAGMA synchronous = NORMAL;"), handle);
        Prepared.AddOrUpdate(handle, Prepared);
    }

    private static void Check(int resultCode, sqlite3 handle) => SqliteException.ThrowExceptionForRC(resultCode, handle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A pooled SQLite connection to {DataSource} still had a transaction open; rolled it back")]
    private static partial void LogLeftoverTransaction(ILogger logger, string dataSource);
}
