using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using Testcontainers.MongoDb;

namespace BigTechChat.ChatService.Tests.Messages;

/// <summary>A MongoDB in a container for the whole class, or the reason there is none (no Docker engine).</summary>
public sealed class MongoDbInstance : IAsyncLifetime
{
    public MongoDbContainer? Container { get; private set; }

    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        try
        {
            Container = new MongoDbBuilder("mongo:7.0").Build();
            await Container.StartAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Unavailable = $"MongoDB tests need a Docker engine for Testcontainers.MongoDb: {exception.GetType().Name}: {exception.Message}";
            Console.WriteLine($"SKIP {nameof(MongoMessageStoreTests)}: {Unavailable}");
            Container = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Container is not null)
        {
            await Container.DisposeAsync();
        }
    }
}

public sealed class MongoMessageStoreTests(MongoDbInstance mongo) : MessageStoreContract, IClassFixture<MongoDbInstance>
{
    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        if (mongo.Unavailable is { } reason)
        {
            InfrastructureRequirement.SkipDockerOnly(reason);
        }

        // Announced events go to the outbox of the chat database, as in the service.
        var directory = Directory.CreateTempSubdirectory("chat-mongo-outbox-").FullName;
        var services = new ServiceCollection()
            .AddDbContext<ChatDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(directory, "chat.db")};Pooling=True;Default Timeout=30"))
            .AddSingleton(new MessageCollections(new MongoClient(mongo.Container!.GetConnectionString()).GetDatabase($"chat_{Guid.NewGuid():N}")))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IMessageStore, MongoMessageStore>()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Database.EnsureCreatedAsync(Ct);
        return services.GetRequiredService<IMessageStore>();
    }
}
