using System.Net.ServerSentEvents;
using BigTechChat.ChatService.Streaming;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BigTechChat.ChatService.Apis;

/// <summary>
/// GET /api/events/stream (API.md §5, per-user event stream): every room event of every room of the caller, their
/// membership changes and friend-request events on one SSE connection, resumable with the opaque cursor of each
/// frame's <c>id</c> (<see cref="UserStreamCursor"/>). Ends when its token is revoked or expires.
/// </summary>
public static class EventStreamApi
{
    public static IEndpointRouteBuilder MapEventStream(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events/stream", OpenStreamAsync)
            .WithTags("Events")
            .RequireAuthorization()
            .WithStreamLimit()
            .WithName("EventStream")
            .WithSummary("Live SSE stream of everything in the caller's rooms and friendships; resumes after Last-Event-ID");
        return app;
    }

    public static ServerSentEventsResult<string> OpenStreamAsync(
        [AsParameters] UserStreamServices s,
        HttpContext http,
        ClaimsPrincipal user,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery(Name = "last_event_id")] string? lastEventIdQuery,
        CancellationToken ct)
    {
        // The header wins: EventSource keeps the first URL but sends the newest id in the header.
        var lastEventId = string.IsNullOrWhiteSpace(lastEventIdHeader) ? lastEventIdQuery : lastEventIdHeader;

        // Subscribed before anything is read, so nothing published meanwhile is missed.
        var connection = s.Hub.ConnectUser(user.GetUserId());
        http.Response.RegisterForDispose(connection);
        var lifetime = s.Tokens.Watch(user);
        http.Response.RegisterForDispose(lifetime);
        lifetime.Ended.Register(connection.Close);

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.Headers["X-Accel-Buffering"] = "no";
        StreamRequest.ReleaseWhenStarted(http);
        var session = new UserStreamSession(connection, s, http);
        return TypedResults.ServerSentEvents(session.FramesAsync(string.IsNullOrWhiteSpace(lastEventId) ? null : lastEventId.Trim(), ct));
    }
}
