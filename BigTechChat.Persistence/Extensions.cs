using BigTechChat.EventBus.Outbox;
using BigTechChat.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Microsoft.Extensions.Hosting;

public static class PersistenceExtensions
{
    /// <summary>
    /// Registers a service's own database: MySQL via Pomelo when <c>ConnectionStrings:{connectionName}</c> is set,
    /// otherwise an embedded SQLite file. Adds startup schema management, the outbox hook and a health check.
    /// </summary>
    public static TBuilder AddServiceDatabase<TBuilder, TContext>(this TBuilder builder, string connectionName, string sqliteFileName)
        where TBuilder : IHostApplicationBuilder
        where TContext : DbContext
    {
        var settings = new DatabaseOptions();
        builder.Configuration.GetSection(DatabaseOptions.SectionName).Bind(settings);
        builder.Services.AddOptionsWithValidateOnStart<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.SectionName)).ValidateDataAnnotations();

        var mysql = builder.Configuration.GetConnectionString(connectionName);
        var database = string.IsNullOrWhiteSpace(mysql)
            ? new ServiceDatabase<TContext>(DatabaseProvider.Sqlite, SqliteConnectionString(settings, sqliteFileName))
            : new ServiceDatabase<TContext>(DatabaseProvider.MySql, MySqlConnectionString(mysql));
        builder.Services.AddSingleton(database);

        var serverVersion = ServerVersion.Parse(settings.ServerVersion);
        // Pooled: building a context and its options per request was ~12 % of CPU on the send path (issue 10).
        // The options are built once from the root provider, so every interceptor here is a stateless singleton.
        builder.Services.AddDbContextPool<TContext>((services, options) =>
        {
            if (database.Provider == DatabaseProvider.MySql)
            {
                options.UseMySql(database.ConnectionString, serverVersion);
            }
            else
            {
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<TContext>();
                options.UseSqlite(database.ConnectionString).AddInterceptors(
                    new SqliteConnectionPreparer(settings.BusyTimeout, logger),
                    new SqliteWriteQueue(database.ConnectionString, settings.BusyTimeout));
            }

            if (services.GetService<OutboxSaveChangesInterceptor>() is { } outbox)
            {
                options.AddInterceptors(outbox);
            }

            // Diagnostics (a command counter in tests and benchmarks) join by registering an IInterceptor singleton.
            options.AddInterceptors(services.GetServices<IInterceptor>());

            // A failed command or save reaches its caller as an exception, which the caller handles or logs; EF's own
            // Error line would also report every unique violation the code settles on purpose (a lost race) as a fault.
            options.ConfigureWarnings(w => w.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
        });
        builder.Services.AddHostedService<DatabaseInitializer<TContext>>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("database");
        return builder;
    }

    /// <summary>
    /// The configured MySQL connection string with <c>Connection Reset=false</c> unless it says otherwise: a reset costs
    /// a server command (and MariaDB a <c>SET</c>) every time EF takes a pooled connection — more commands than the
    /// queries themselves under load (docs/benchmarks.md). Nothing here keeps session state: every transaction sets its
    /// own isolation level (MySqlConnector issues <c>SET SESSION TRANSACTION ISOLATION LEVEL</c> at each begin).
    /// </summary>
    public static string MySqlConnectionString(string configured)
    {
        var builder = new MySqlConnectionStringBuilder(configured);
        if (!builder.ContainsKey("Connection Reset"))
        {
            builder.ConnectionReset = false;
        }

        return builder.ConnectionString;
    }

    private static string SqliteConnectionString(DatabaseOptions settings, string fileName)
    {
        var directory = Path.GetFullPath(settings.DataDirectory);
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, fileName),
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds),
        }.ToString();
    }
}
