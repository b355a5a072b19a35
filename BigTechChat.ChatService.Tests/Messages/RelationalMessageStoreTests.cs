using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.EventBus.Outbox;
using BigTechChat.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.ChatService.Tests.Messages;

public sealed class SqliteMessageStoreTests : MessageStoreContract
{
    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        var directory = Directory.CreateTempSubdirectory("chat-store-").FullName;
        var connection = $"Data Source={Path.Combine(directory, "chat.db")};Pooling=True;Default Timeout=30";
        var services = new ServiceCollection().AddDbContext<ChatDbContext>(o => o.UseSqlite(connection)).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", Ct);
        await db.Database.EnsureCreatedAsync(Ct);
        return new RelationalMessageStore(services.GetRequiredService<IServiceScopeFactory>(), new OutboxSignal());
    }
}

public sealed class MariaDbMessageStoreTests : MessageStoreContract
{
    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        var connection = await server.CreateDatabaseAsync("chatstore");
        var services = new ServiceCollection()
            .AddDbContext<ChatDbContext>(o => o.UseMySql(connection, ServerVersion.Parse("10.11.0-mariadb")))
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Database.MigrateAsync(Ct);
        return new RelationalMessageStore(services.GetRequiredService<IServiceScopeFactory>(), new OutboxSignal());
    }
}
