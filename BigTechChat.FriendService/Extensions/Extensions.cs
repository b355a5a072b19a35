using BigTechChat.FriendService.Apis;
using BigTechChat.FriendService.Infrastructure;

namespace BigTechChat.FriendService;

public static class FriendServiceExtensions
{
    public const string ServiceName = "Friend Service";

    public static WebApplicationBuilder AddFriendService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddApiConventions();
        builder.AddJwtAuthentication();
        builder.AddApiDocs();
        builder.AddApplicationServices();
        return builder;
    }

    public static WebApplication MapFriendService(this WebApplication app)
    {
        app.UseApiConventions();
        app.UseRequestAdmission();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodyFormat();
        app.MapDefaultEndpoints();
        app.MapApiDocs(ServiceName);
        app.MapFriendsApi();
        return app;
    }

    private static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<WebApplicationBuilder, FriendDbContext>("frienddb", "friend.db");
        builder.AddEventBus("friend-service")
            .AddOutbox<FriendDbContext>()
            .AddUserDirectory<FriendDbContext>(builder);
        builder.Services.AddSingleton<FriendMetrics>();
        builder.Services.AddExceptionHandler<UserServiceUnavailableHandler>();
    }
}
