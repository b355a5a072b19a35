using Microsoft.AspNetCore.Http.Features;

namespace BigTechChat.Gateway.Routing;

/// <summary>Event streams must reach the client frame by frame; nothing on the way may hold them back.</summary>
public static class StreamingResponses
{
    public static Task DisableBufferingAsync(HttpContext context, Func<Task> next)
    {
        if (GatewayRoutes.IsStreamPath(context.Request.Path))
        {
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        }

        return next();
    }
}
