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

/// <summary>A MongoDB in a container for the whole class.</summary>
public sealed class MongoDbInstance : DockerContainer<MongoDbContainer>
{
    protected override MongoDbContainer Build() => new MongoDbBuilder("mongo:7.0").Build();
}

public sealed class MongoMessageStoreTests(MongoDbInstance mongo) : MessageStoreContract, IClassFixture<MongoDbInstance>
{
    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        mongo.SkipIfUnavailable();

        // Announced events go to the outbox of the chat database, as in the service.
        var directory = Directory.CreateTempSubdirectory("chat-mongo-outbox-").FullName;
        var services = new ServiceCollection()
            .AddDbContext<ChatDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(directory, "chat.db")};Pooling=True;Default Timeout=30"))
            .AddSingleton(new MessageCollections(new MongoClient(mongo.Container.GetConnectionString()).GetDatabase($"chat_{Guid.NewGuid():N}")))
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
