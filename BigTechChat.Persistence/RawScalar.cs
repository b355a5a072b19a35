using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace BigTechChat.Persistence;

/// <summary>
/// One raw SQL statement's scalar result, run as EF runs <c>ExecuteSqlRawAsync</c>: on the context's connection and
/// current transaction, through its interceptors, logging and diagnostics. EF has no scalar form; <c>SqlQuery</c> goes
/// through the LINQ pipeline, whose parameter expansion of a raw query regenerates the command at every call — two
/// thirds of the CPU of the send path's seq statement on MariaDB (docs/benchmarks.md, issue 10).
/// </summary>
public static class RawScalar
{
    /// <summary>
    /// The first column of the first row of the first result set (ADO.NET <c>ExecuteScalar</c>); null when that set
    /// has no row. <paramref name="parameters"/> bind to <c>{0}</c>, <c>{1}</c> … in <paramref name="sql"/>.
    /// </summary>
    public static async Task<object?> ExecuteScalarRawAsync(this DatabaseFacade database, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var accessor = (IDatabaseFacadeDependenciesAccessor)database;
        var dependencies = (IRelationalDatabaseFacadeDependencies)accessor.Dependencies;
        var concurrencyDetector = dependencies.CoreOptions.AreThreadSafetyChecksEnabled ? dependencies.ConcurrencyDetector : null;
        concurrencyDetector?.EnterCriticalSection();
        try
        {
            var command = dependencies.RawSqlCommandBuilder.Build(sql, parameters.Cast<object>(), accessor.Context.Model);
            return await command.RelationalCommand.ExecuteScalarAsync(
                new RelationalCommandParameterObject(
                    dependencies.RelationalConnection, command.ParameterValues, null, accessor.Context, dependencies.CommandLogger, CommandSource.ExecuteSqlRaw),
                cancellationToken);
        }
        finally
        {
            concurrencyDetector?.ExitCriticalSection();
        }
    }
}
