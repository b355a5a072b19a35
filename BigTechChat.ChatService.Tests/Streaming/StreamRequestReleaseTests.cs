using System.Collections.Concurrent;
using System.Net.Http.Headers;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Security;
using BigTechChat.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>
/// An open stream's request lets go of what it needed only to open (docs/chat-service.md, what a stream holds), and the
/// stream stays what it was: it delivers, and it still ends when its token is revoked.
/// </summary>
public sealed class StreamRequestReleaseTests
{
    [Theory]
    [InlineData("/api/events/stream")]
    [InlineData("/api/messages/stream/{0}")]
    public async Task An_open_stream_keeps_no_request_headers_authenticate_result_or_request_scope_and_still_ends_on_revocation(string url)
    {
        var requests = new StreamRequests();
        await using var chat = new ChatServiceFactory(configureServices: services => services.AddSingleton<IStartupFilter>(requests));
        var (alice, bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var a = chat.ClientFor(alice);
        var room = await a.DirectRoomIdAsync(bob);
        var token = chat.Services.GetRequiredService<TokenIssuer>().Issue(bob, "bob@example.com", "bob");
        var client = chat.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        await using var stream = await SseReader.OpenAsync(client, string.Format(System.Globalization.CultureInfo.InvariantCulture, url, room));
        Assert.Equal("connected", (await stream.NextAsync()).Event);

        var (context, requestServices) = Assert.Single(requests.Seen);
        Assert.False(context.Request.Headers.ContainsKey("Authorization"), "the bearer token is still held");
        Assert.False(context.Request.Headers.ContainsKey("X-Forwarded-For"), "a forwarded header is still held");
        Assert.Null(context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult);
        Assert.Equal(bob, context.User.GetUserId());
        Assert.Throws<ObjectDisposedException>(() => requestServices.GetService<IAuthenticationHandlerProvider>());

        await a.SendAsync(room, "after release");
        Assert.Equal("after release", (await stream.NextOfTypeAsync("new_message")).Json.GetProperty("content").GetString());
        await chat.Services.GetRequiredService<ITokenRevocationList>().RevokeAsync(token.Jti, token.ExpiresAt, Ct);
        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(5)), "the stream outlived its revoked token");
    }

    /// <summary>Each stream request's context and the request services it started with, seen before any other middleware.</summary>
    private sealed class StreamRequests : IStartupFilter
    {
        public ConcurrentQueue<(HttpContext Context, IServiceProvider RequestServices)> Seen { get; } = new();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, proceed) =>
            {
                if (context.Request.Path.Value?.Contains("/stream", StringComparison.Ordinal) == true)
                {
                    Seen.Enqueue((context, context.RequestServices));
                }

                return proceed(context);
            });
            next(app);
        };
    }
}
