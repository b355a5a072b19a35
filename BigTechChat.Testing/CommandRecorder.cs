using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BigTechChat.Testing;

/// <summary>
/// Records the SQL commands EF runs inside <see cref="Record"/>'s async flow (the request, when the test server
/// preserves the execution context), with the transaction each ran in; background work (the outbox relay) is left out.
/// </summary>
public sealed class CommandRecorder : DbCommandInterceptor
{
    private static readonly AsyncLocal<ConcurrentQueue<(string Sql, DbTransaction? Transaction)>?> Current = new();

    /// <summary>Starts recording for the calling flow; the returned queue fills as commands run.</summary>
    public static ConcurrentQueue<(string Sql, DbTransaction? Transaction)> Record() => Current.Value = new();

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Add(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Add(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Add(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return ValueTask.FromResult(result);
    }

    private static void Add(DbCommand command) => Current.Value?.Enqueue((command.CommandText, command.Transaction));
}
