using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigTechChat.Persistence;

/// <summary>
/// Brings the schema up before the service takes requests: EF migrations on MySQL; on SQLite the schema is
/// created from the model and the file switched to WAL so concurrent writers wait instead of failing.
/// </summary>
internal sealed partial class DatabaseInitializer<TContext>(
    IServiceScopeFactory scopes,
    ServiceDatabase<TContext> database,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseInitializer<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.Value.StartupTimeout;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InitializeAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (DateTime.UtcNow < deadline && exception is not OperationCanceledException)
            {
                LogRetry(logger, exception, typeof(TContext).Name, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (database.Provider == DatabaseProvider.MySql)
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preparing {Context} failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, string context, int attempt);
}
