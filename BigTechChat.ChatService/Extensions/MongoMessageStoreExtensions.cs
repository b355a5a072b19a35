using BigTechChat.ChatService.Messages;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BigTechChat.ChatService;

public static partial class ChatServiceExtensions
{
    /// <summary>The database named in the connection string's path, e.g. <c>mongodb://mongo:27017/chat</c>.</summary>
    public const string DefaultMessageDatabase = "chat";

    static partial void AddMongoMessageStore(this WebApplicationBuilder builder)
    {
        var url = MongoUrl.Create(builder.Configuration.GetConnectionString(MessageDbConnectionName));
        builder.Services.TryAddSingleton<IMongoClient>(_ => new MongoClient(url));
        builder.Services.TryAddSingleton(sp => new MessageCollections(
            sp.GetRequiredService<IMongoClient>().GetDatabase(url.DatabaseName ?? DefaultMessageDatabase)));
        builder.Services.TryAddSingleton<IMessageStore, MongoMessageStore>();
        builder.Services.AddHealthChecks().AddCheck<MessageDatabaseHealthCheck>(MessageDbConnectionName);
    }
}

/// <summary>MongoDB answers a ping; <c>/health</c> turns unhealthy while it does not.</summary>
internal sealed class MessageDatabaseHealthCheck(MessageCollections collections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await collections.Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: timeout.Token);
            return HealthCheckResult.Healthy("MongoDB reachable");
        }
        catch (Exception exception) when (exception is MongoException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("MongoDB unreachable", exception);
        }
    }
}
