using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BigTechChat.Persistence;

/// <summary>
/// Lines a process's write transactions on one SQLite file up first-come first-served before <c>BEGIN IMMEDIATE</c>.
/// SQLite's own lock wait is polling, not a queue: under many concurrent writers one can lose every poll for the
/// whole busy timeout and fail with "database is locked" (measured: 10 of 19,200 at 64 writers on a saturated CPU).
/// Every <c>SaveChanges</c> is made transactional so it queues too, and so does every write statement run outside a
/// transaction (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, raw SQL): one such writer outside the queue took SQLite's
/// lock from under the queue and left a queued writer in the polling wait again (a 503 under a saturated CPU).
/// A writer waits its turn as long as the line moves; only when no writer got through for a whole busy timeout (a
/// leaked transaction) does it fall back to SQLite's wait, so a leak can slow writers but never stall them. A long
/// line on a saturated CPU is not a leak: timing the whole wait out sent writers to the polling wait, where they failed
/// with "database is locked" and SQLite rolled their transactions back.
/// </summary>
internal sealed class SqliteWriteQueue(string dataSource, TimeSpan busyTimeout)
    : IDbTransactionInterceptor, IDbConnectionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor
{
    private static readonly string[] WriteVerbs = ["INSERT", "UPDATE", "DELETE", "REPLACE", "WITH"];

    private static readonly ConcurrentDictionary<string, WriteLine> Lines = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<DbContext, WriteLine> Holders = [];

    private readonly WriteLine _line = Lines.GetOrAdd(dataSource, _ => new WriteLine());

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        eventData.Context?.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavingChanges(eventData, result));

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (WaitTurn())
        {
            Enter(eventData.Context);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (await WaitTurnAsync(cancellationToken))
        {
            Enter(eventData.Context);
        }

        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Leave(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Leave(eventData.Context);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Leave(eventData.Context);

    // A transaction disposed without commit or rollback (an exception inside it) ends when EF closes the connection.
    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (NeedsQueue(command, eventData.Context) && WaitTurn())
        {
            Enter(eventData.Context);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (NeedsQueue(command, eventData.Context) && await WaitTurnAsync(cancellationToken))
        {
            Enter(eventData.Context);
        }

        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        LeaveAfterStatement(command, eventData.Context);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        LeaveAfterStatement(command, eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => LeaveAfterStatement(command, eventData.Context);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveAfterStatement(command, eventData.Context);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => LeaveAfterStatement(command, eventData.Context);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveAfterStatement(command, eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>A write statement in autocommit mode, from a context that does not already hold the queue.</summary>
    private static bool NeedsQueue(DbCommand command, DbContext? context) =>
        command.Transaction is null && context is not null && !Holders.TryGetValue(context, out _) && IsWrite(command.CommandText);

    private static bool IsWrite(string sql)
    {
        var text = SkipComments(sql.AsSpan());
        foreach (var verb in WriteVerbs)
        {
            if (text.StartsWith(verb, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // EF puts TagWith comments ("-- tag") before the statement.
    private static ReadOnlySpan<char> SkipComments(ReadOnlySpan<char> text)
    {
        while (true)
        {
            text = text.TrimStart();
            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                var end = text.IndexOf('\n');
                text = end < 0 ? [] : text[(end + 1)..];
            }
            else if (text.StartsWith("/*", StringComparison.Ordinal))
            {
                var end = text.IndexOf("*/", StringComparison.Ordinal);
                text = end < 0 ? [] : text[(end + 2)..];
            }
            else
            {
                return text;
            }
        }
    }

    // Only an autocommit statement's own hold ends with it; a transaction's ends with the transaction.
    private static void LeaveAfterStatement(DbCommand command, DbContext? context)
    {
        if (command.Transaction is null)
        {
            Leave(context);
        }
    }

    /// <summary>True when the turn came; false when no writer got through for a whole busy timeout (a leaked hold).</summary>
    private bool WaitTurn()
    {
        while (true)
        {
            var handovers = _line.Handovers;
            if (_line.Turn.Wait(busyTimeout))
            {
                return true;
            }

            if (_line.Handovers == handovers)
            {
                return false;
            }
        }
    }

    /// <inheritdoc cref="WaitTurn"/>
    private async ValueTask<bool> WaitTurnAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var handovers = _line.Handovers;
            if (await _line.Turn.WaitAsync(busyTimeout, cancellationToken))
            {
                return true;
            }

            if (_line.Handovers == handovers)
            {
                return false;
            }
        }
    }

    private void Enter(DbContext? context)
    {
        if (context is null)
        {
            _line.Hand();
            return;
        }

        Holders.AddOrUpdate(context, _line);
    }

    private static Task Leave(DbContext? context)
    {
        if (context is not null && Holders.TryGetValue(context, out var line) && Holders.Remove(context))
        {
            line.Hand();
        }

        return Task.CompletedTask;
    }

    /// <summary>One database file's line of writers: whose turn it is, and how many turns have ended so far.</summary>
    private sealed class WriteLine
    {
        private long _handovers;

        public SemaphoreSlim Turn { get; } = new(1, 1);

        public long Handovers => Interlocked.Read(ref _handovers);

        public void Hand()
        {
            Interlocked.Increment(ref _handovers);
            Turn.Release();
        }
    }
}
