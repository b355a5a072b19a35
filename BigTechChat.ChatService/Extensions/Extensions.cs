namespace BigTechChat.ChatService;

public static class ChatServiceExtensions
{
    public static WebApplicationBuilder AddChatService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults("Chat Service");
        builder.AddApiConventions();
        builder.AddJwtAuthentication();
        builder.AddApiDocs();
        return builder;
    }

    public static WebApplication MapChatService(this WebApplication app)
    {
        app.UseApiConventions();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapApiDocs("Chat Service");
        return app;
    }
}
