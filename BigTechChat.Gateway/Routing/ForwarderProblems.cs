using BigTechChat.ApiConventions;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace BigTechChat.Gateway.Routing;

/// <summary>YARP answers a dead back end with a bare 502/503/504; clients of this API expect a problem body.</summary>
public static class ForwarderProblems
{
    public static async Task WriteOnErrorAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted)
        {
            return;
        }

        var service = context.GetReverseProxyFeature().Route.Cluster?.ClusterId.Split('-')[0] ?? "upstream";
        var status = error.Error switch
        {
            ForwarderError.RequestTimedOut => StatusCodes.Status504GatewayTimeout,
            ForwarderError.NoAvailableDestinations => StatusCodes.Status503ServiceUnavailable,
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => StatusCodes.Status499ClientClosedRequest,
            _ => StatusCodes.Status502BadGateway,
        };
        if (status == StatusCodes.Status499ClientClosedRequest)
        {
            return;
        }

        await ApiProblem.Create(status, $"The {service} service is unavailable", ErrorCodes.ServiceUnavailable)
            .ExecuteAsync(context);
    }
}
