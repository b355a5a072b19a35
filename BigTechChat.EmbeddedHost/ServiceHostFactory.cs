using BigTechChat.ChatService;
using BigTechChat.FriendService;
using BigTechChat.Gateway;
using BigTechChat.UserService;
using Microsoft.AspNetCore.Builder;

namespace BigTechChat.EmbeddedHost;

/// <summary>Builds each service exactly as its own Program.cs does, so embedded and distributed run the same code.</summary>
internal static class ServiceHostFactory
{
    public static WebApplication Build(string name, WebApplicationBuilder builder) => name switch
    {
        "user" => builder.AddUserService().Build().MapUserService(),
        "friend" => builder.AddFriendService().Build().MapFriendService(),
        "chat" => builder.AddChatService().Build().MapChatService(),
        "gateway" => builder.AddGateway().Build().MapGateway(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown service"),
    };

    public static string ApplicationName(string name) => name switch
    {
        "user" => typeof(UserServiceExtensions).Assembly.GetName().Name!,
        "friend" => typeof(FriendServiceExtensions).Assembly.GetName().Name!,
        "chat" => typeof(ChatServiceExtensions).Assembly.GetName().Name!,
        "gateway" => typeof(GatewayExtensions).Assembly.GetName().Name!,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown service"),
    };
}
