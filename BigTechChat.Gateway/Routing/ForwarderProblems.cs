using BigTechChat.ApiConventions;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace BigTechChat.Gateway.Routing;

/// <summary>
/// YARP answers every forwarding failure with a bare status. Clients of this API expect a problem body, and a fault
/// of the client (a body over the limit, a broken or aborted upload) must get the 4xx a service would give, not a
/// 502: 502/503/504 are kept for real upstream failures, the only ones the error-rate alert should count.
/// </summary>
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

        if (context.RequestAborted.IsCancellationRequested || IsClientGone(error.Error))
        {
            // Nobody reads this answer; the status only tells metrics and logs whose fault it was.
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return;
        }

        if (error.Error == ForwarderError.RequestBodyClient)
        {
            var status = FindBadRequest(error.Exception)?.StatusCode ?? StatusCodes.Status400BadRequest;
            var detail = status == StatusCodes.Status413PayloadTooLarge ? ApiLimits.TooLargeDetail : "The request body could not be read";
            await ApiProblem.Create(status, detail, ErrorCodes.InvalidInput).ExecuteAsync(context);
            return;
        }

        var service = context.GetReverseProxyFeature().Route.Cluster?.ClusterId.Split('-')[0] ?? "upstream";
        var upstreamStatus = error.Error switch
        {
            ForwarderError.RequestTimedOut => StatusCodes.Status504GatewayTimeout,
            ForwarderError.NoAvailableDestinations => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status502BadGateway,
        };
        await ApiProblem.Create(upstreamStatus, $"The {service} service is unavailable", ErrorCodes.ServiceUnavailable)
            .ExecuteAsync(context);
    }

    private static bool IsClientGone(ForwarderError error) => error is ForwarderError.RequestCanceled
        or ForwarderError.RequestBodyCanceled
        or ForwarderError.ResponseBodyCanceled
        or ForwarderError.ResponseBodyClient
        or ForwarderError.UpgradeRequestCanceled
        or ForwarderError.UpgradeResponseCanceled;

    /// <summary>Kestrel's reason for refusing the client's body (413 over the limit, 400 truncated), wrapped by YARP.</summary>
    private static BadHttpRequestException? FindBadRequest(Exception? exception) =>
        ExceptionCauses.Of(exception).OfType<BadHttpRequestException>().FirstOrDefault();
}
