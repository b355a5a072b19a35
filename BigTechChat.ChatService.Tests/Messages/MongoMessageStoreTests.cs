using System.Net;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Tests.Infrastructure;
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

public sealed class MessageStoreSelectionTests
{
    [Fact]
    public async Task A_messagedb_connection_string_selects_the_mongo_store_and_health_watches_it()
    {
        var unreachable = $"mongodb://127.0.0.1:{LocalServerProcess.FreePort()}/chat?serverSelectionTimeoutMS=300&connectTimeoutMS=300";
        await using var factory = new ChatServiceFactory(settings: new Dictionary<string, string?> { ["ConnectionStrings:messagedb"] = unreachable });

        Assert.IsType<MongoMessageStore>(factory.Services.GetRequiredService<IMessageStore>());
        using var health = await factory.CreateClient().GetAsync("/health", ChatApi.Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("\"messagedb\"", await health.Content.ReadAsStringAsync(ChatApi.Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_messagedb_messages_stay_in_the_chat_database()
    {
        await using var factory = new ChatServiceFactory();

        Assert.IsType<RelationalMessageStore>(factory.Services.GetRequiredService<IMessageStore>());
    }
}
