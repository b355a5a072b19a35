using BigTechChat.ChatService.Apis;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.IntegrationEvents;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Rooms;
using BigTechChat.ChatService.Streaming;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BigTechChat.ChatService;

public static partial class ChatServiceExtensions
{
    public const string MessageDbConnectionName = "messagedb";

    public static WebApplicationBuilder AddChatService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults("Chat Service");
        builder.AddApiConventions();
        builder.AddJwtAuthentication();
        builder.AddApiDocs();
        builder.AddApplicationServices();
        return builder;
    }

    public static WebApplication MapChatService(this WebApplication app)
    {
        app.UseApiConventions();
        app.UseRequestAdmission();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodyFormat();
        app.MapDefaultEndpoints();
        app.MapApiDocs("Chat Service");
        app.MapChatRoomsApi();
        app.MapMessagesApi();
        app.MapEventStream();
        return app;
    }

    private static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<WebApplicationBuilder, ChatDbContext>("chatdb", "chat.db");
        builder.AddMessageStore();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        builder.Services.AddSingleton<ChatMetrics>();
        builder.Services.AddOptionsWithValidateOnStart<StreamOptions>().Bind(builder.Configuration.GetSection(StreamOptions.SectionName)).ValidateDataAnnotations();
        builder.Services.AddSingleton<StreamHub>();
        builder.Services.AddSingleton<RoomMembership>();
        builder.Services.AddSingleton<BlockCache>();
        builder.Services.AddSingleton<DeletedMessages>();
        builder.Services.AddSingleton<StoredMessages>();
        builder.Services.AddScoped<StreamCheckpoints>();
        builder.Services.AddScoped<RoomAccess>();
        builder.Services.AddScoped<RoomViews>();

        builder.AddEventBus("chat-service")
            .AddOutbox<ChatDbContext>()
            .AddUserDirectory<ChatDbContext>(builder)
            .AddSubscription<UserBlocked, UserBlockedHandler>()
            .AddSubscription<UserUnblocked, UserUnblockedHandler>()
            .AddSubscription<MessageSent, MessageEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<MessageUpdated, MessageEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<MessageDeleted, MessageEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<MessagesRead, MessageEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<ReactionAdded, MessageEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<ReactionRemoved, MessageEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<UserBlocked, BlockCacheUpdater>(SubscriptionScope.PerInstance)
            .AddSubscription<UserUnblocked, BlockCacheUpdater>(SubscriptionScope.PerInstance)
            .AddSubscription<RoomMembersChanged, RoomEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<ChatRoomCreated, RoomEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<FriendRequestSent, FriendEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<FriendRequestAccepted, FriendEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<FriendRequestRejected, FriendEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<FriendRequestCancelled, FriendEventsFanOut>(SubscriptionScope.PerInstance)
            .AddSubscription<FriendRemoved, FriendEventsFanOut>(SubscriptionScope.PerInstance);
    }

    /// <summary>
    /// Messages live in MongoDB when <c>ConnectionStrings:messagedb</c> is set, else in the chat database.
    /// The MongoDB store registers itself in <see cref="AddMongoMessageStore"/>; a store registered before this
    /// call (tests, or a host) wins over both.
    /// </summary>
    private static void AddMessageStore(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(MessageDbConnectionName)))
        {
            builder.AddMongoMessageStore();
        }

        builder.Services.TryAddSingleton<IMessageStore, RelationalMessageStore>();
    }

    /// <summary>Seam for the MongoDB message store (registers <see cref="IMessageStore"/> from <c>messagedb</c>).</summary>
    static partial void AddMongoMessageStore(this WebApplicationBuilder builder);
}
