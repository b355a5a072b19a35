using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.EventBus.Outbox;
using BigTechChat.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.ChatService.Tests.Messages;

public sealed class SqliteMessageStoreTests : MessageStoreContract
{
    protected override Task<IMessageStore> CreateStoreAsync() => RelationalStores.SqliteAsync();
}

public sealed class MariaDbMessageStoreTests : MessageStoreContract
{
    protected override Task<IMessageStore> CreateStoreAsync() => RelationalStores.MariaDbAsync("chatstore");
}

/// <summary>A <see cref="RelationalMessageStore"/> over a fresh, empty database, with the given EF interceptors.</summary>
internal static class RelationalStores
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<IMessageStore> SqliteAsync(params IInterceptor[] interceptors)
    {
        var connection = SqliteTestDatabase.NewFile("chat-store-", "chat.db");
        return CreateAsync(o => o.UseSqlite(connection), interceptors, db => SqliteTestDatabase.CreateAsync(db, Ct));
    }

    /// <summary>Skips the test when no MariaDB server can be started (<see cref="MariaDbServer.GetOrSkipAsync"/>).</summary>
    public static async Task<IMessageStore> MariaDbAsync(string databasePrefix, params IInterceptor[] interceptors)
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        var connection = await server.CreateDatabaseAsync(databasePrefix);
        return await CreateAsync(o => o.UseMySql(connection, ServerVersion.Parse("10.11.0-mariadb")), interceptors, db => db.Database.MigrateAsync(Ct));
    }

    private static async Task<IMessageStore> CreateAsync(Action<DbContextOptionsBuilder> provider, IInterceptor[] interceptors, Func<ChatDbContext, Task> create)
    {
        var services = new ServiceCollection()
            .AddDbContext<ChatDbContext>(o => provider(o.AddInterceptors(interceptors)))
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            await create(scope.ServiceProvider.GetRequiredService<ChatDbContext>());
        }

        return new RelationalMessageStore(services.GetRequiredService<IServiceScopeFactory>(), new OutboxSignal());
    }
}
