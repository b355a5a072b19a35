using BigTechChat.ServiceDefaults.Limits;

namespace BigTechChat.Gateway.Routing;

/// <summary>
/// Proxied streams count against the gateway's <see cref="StreamLimiter"/> before YARP opens the upstream socket
/// (each proxied stream holds the client's descriptor, and the upstream's too when the hop is HTTP/1.1); a full gateway answers 503 + Retry-After.
/// </summary>
public static class StreamAdmission
{
    public static async Task LimitStreamsAsync(HttpContext context, Func<Task> next)
    {
        if (GatewayRoutes.IsStreamPath(context.Request.Path)
            && context.RequestServices.GetRequiredService<StreamLimiter>().TryEnter(context) is { } rejection)
        {
            await rejection.ExecuteAsync(context);
            return;
        }

        await next();
    }
}
