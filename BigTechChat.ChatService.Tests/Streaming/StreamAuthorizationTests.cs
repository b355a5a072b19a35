using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Security;
using BigTechChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>A stream is authorised once, when it opens; these prove it ends when that authorisation does (docs/api.md, Streams).</summary>
public sealed class StreamAuthorizationTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Revoking_the_token_ends_the_stream_and_a_new_token_resumes_without_loss()
    {
        await using var chat = new ChatServiceFactory();
        var (alice, bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var a = chat.ClientFor(alice);
        var room = await a.DirectRoomIdAsync(bob);
        var token = Issue(chat, bob);
        await using var stream = await SseReader.OpenAsync(Bearer(chat, token.AccessToken), $"/api/messages/stream/{room}");
        await stream.NextAsync();
        await a.SendAsync(room, "before logout");
        var seen = (await stream.NextOfTypeAsync("new_message")).Id!;

        await chat.Services.GetRequiredService<ITokenRevocationList>().RevokeAsync(token.Jti, token.ExpiresAt, Ct);
        await a.SendAsync(room, "after logout 1");
        await a.SendAsync(room, "after logout 2");

        Assert.True(await stream.EndsWithinAsync(Prompt), "the stream outlived its revoked token");
        Assert.DoesNotContain(stream.RawLines, line => line.Contains("after logout", StringComparison.Ordinal));
        await using var reopened = await SseReader.OpenAsync(Bearer(chat, token.AccessToken), $"/api/messages/stream/{room}");
        Assert.Equal(HttpStatusCode.Unauthorized, reopened.Response.StatusCode);
        await using var resumed = await SseReader.OpenAsync(chat.ClientFor(bob), $"/api/messages/stream/{room}", lastEventId: seen);
        Assert.Equal("after logout 1", (await resumed.NextOfTypeAsync("new_message")).Json.GetProperty("content").GetString());
        Assert.Equal("after logout 2", (await resumed.NextOfTypeAsync("new_message")).Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Frames_queued_when_the_token_is_revoked_are_not_written()
    {
        await using var chat = new ChatServiceFactory(settings: new Dictionary<string, string?> { ["ChatStreams:QueueCapacity"] = "5000" });
        var (alice, bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var a = chat.ClientFor(alice);
        var room = await a.DirectRoomIdAsync(bob);
        var token = Issue(chat, bob);
        await using var stream = await SseReader.OpenAsync(Bearer(chat, token.AccessToken), $"/api/messages/stream/{room}");
        await stream.NextAsync();
        await SendUnreadAsync(a, room);

        await chat.Services.GetRequiredService<ITokenRevocationList>().RevokeAsync(token.Jti, token.ExpiresAt, Ct);

        Assert.InRange(await CountUntilEndAsync(stream), 0, UnreadBurst - 1);
    }

    [Fact]
    public async Task Frames_queued_when_the_user_leaves_the_room_are_not_written()
    {
        await using var chat = new ChatServiceFactory(settings: new Dictionary<string, string?> { ["ChatStreams:QueueCapacity"] = "5000" });
        var (alice, bob, carol) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var a = chat.ClientFor(alice);
        var c = chat.ClientFor(carol);
        var group = (await (await a.PostAsJsonAsync("/api/chat-rooms/group", new { name = "g", member_ids = new[] { bob, carol } }, Ct))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await using var stream = await SseReader.OpenAsync(c, $"/api/messages/stream/{group}");
        await stream.NextAsync();
        await SendUnreadAsync(a, group);

        await (await c.DeleteAsync($"/api/chat-rooms/{group}/members/{carol}", Ct)).JsonAsync();

        Assert.InRange(await CountUntilEndAsync(stream), 0, UnreadBurst - 1);
    }

    [Fact]
    public async Task Stream_ends_when_its_token_expires()
    {
        await using var chat = new ChatServiceFactory(settings: new Dictionary<string, string?> { ["Jwt:ClockSkew"] = "00:00:00" });
        var (alice, bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var room = await chat.ClientFor(alice).DirectRoomIdAsync(bob);
        var token = Issue(chat, bob, lifetime: TimeSpan.FromSeconds(3));
        await using var stream = await SseReader.OpenAsync(Bearer(chat, token.AccessToken), $"/api/messages/stream/{room}");
        Assert.Equal("connected", (await stream.NextAsync()).Event);

        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(10)), "the stream outlived its token");
        Assert.True(DateTime.UtcNow >= token.ExpiresAt.AddSeconds(-1), "the stream ended well before the token expired");
    }

    [Fact]
    public async Task Revocation_written_to_redis_by_another_process_ends_the_stream_at_once()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var chat = OnRedis(redis, revocationCheckInterval: "01:00:00");
        var (stream, token) = await OpenBobsStreamAsync(chat);
        await using var _ = stream;
        await using var userService = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        // The user service's logout: the key and the pub/sub notice; the periodic check is an hour away here.
        await new RedisTokenRevocationList(userService, TimeProvider.System, NullLogger<RedisTokenRevocationList>.Instance)
            .RevokeAsync(token.Jti, token.ExpiresAt, Ct);

        Assert.True(await stream.EndsWithinAsync(Prompt), "the stream outlived a revocation made in another process");
    }

    [Fact]
    public async Task Revocation_whose_notice_is_missed_ends_the_stream_at_the_next_check()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var chat = OnRedis(redis, revocationCheckInterval: "00:00:00.200");
        var (stream, token) = await OpenBobsStreamAsync(chat);
        await using var _ = stream;
        await using var userService = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        // Only the key, as if the pub/sub notice was lost.
        await userService.GetDatabase().StringSetAsync($"revoked:jti:{token.Jti}", "1", TimeSpan.FromHours(1));

        Assert.True(await stream.EndsWithinAsync(Prompt), "the stream outlived a revocation stored in Redis");
    }

    /// <summary>Revocations in Redis, as in the distributed mode.</summary>
    private static ChatServiceFactory OnRedis(RedisServer redis, string revocationCheckInterval) =>
        new(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Jwt:RevocationCheckInterval"] = revocationCheckInterval,
        });

    /// <summary>Bob's stream of his direct room with Alice, opened with a token of its own, past its <c>connected</c> frame.</summary>
    private static async Task<(SseReader Stream, IssuedToken Token)> OpenBobsStreamAsync(ChatServiceFactory chat)
    {
        var (alice, bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var room = await chat.ClientFor(alice).DirectRoomIdAsync(bob);
        var token = Issue(chat, bob);
        var stream = await SseReader.OpenAsync(Bearer(chat, token.AccessToken), $"/api/messages/stream/{room}");
        await stream.NextAsync();
        return (stream, token);
    }

    [Fact]
    public async Task Revoking_one_token_leaves_the_users_other_streams_open()
    {
        await using var chat = new ChatServiceFactory();
        var (alice, bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var a = chat.ClientFor(alice);
        var room = await a.DirectRoomIdAsync(bob);
        var (phone, laptop) = (Issue(chat, bob), Issue(chat, bob));
        await using var onPhone = await SseReader.OpenAsync(Bearer(chat, phone.AccessToken), $"/api/messages/stream/{room}");
        await using var onLaptop = await SseReader.OpenAsync(Bearer(chat, laptop.AccessToken), $"/api/messages/stream/{room}");
        await onPhone.NextAsync();
        await onLaptop.NextAsync();

        await chat.Services.GetRequiredService<ITokenRevocationList>().RevokeAsync(phone.Jti, phone.ExpiresAt, Ct);
        await a.SendAsync(room, "still here");

        Assert.Equal("still here", (await onLaptop.NextOfTypeAsync("new_message")).Json.GetProperty("content").GetString());
        Assert.True(await onPhone.EndsWithinAsync(Prompt));
    }

    [Fact]
    public async Task Leaving_a_group_ends_the_leavers_stream_and_writes_nothing_after()
    {
        await using var chat = new ChatServiceFactory();
        var (alice, bob, carol) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var a = chat.ClientFor(alice);
        var c = chat.ClientFor(carol);
        var group = (await (await a.PostAsJsonAsync("/api/chat-rooms/group", new { name = "g", member_ids = new[] { bob, carol } }, Ct))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await using var stream = await SseReader.OpenAsync(c, $"/api/messages/stream/{group}");
        await stream.NextAsync();
        await a.SendAsync(group, "while a member");
        await stream.NextOfTypeAsync("new_message");

        await (await c.DeleteAsync($"/api/chat-rooms/{group}/members/{carol}", Ct)).JsonAsync();
        await a.SendAsync(group, "after leaving");

        Assert.True(await stream.EndsWithinAsync(Prompt));
        Assert.DoesNotContain(stream.RawLines, line => line.Contains("after leaving", StringComparison.Ordinal));
        await (await c.GetAsync($"/api/messages/stream/{group}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "authorization_error");
    }

    private const int UnreadBurst = 300;

    /// <summary>
    /// Sends more than the test host's response buffer holds while the stream's client reads nothing, so the rest waits
    /// in the stream's queue.
    /// </summary>
    private static async Task SendUnreadAsync(HttpClient sender, long room)
    {
        var padding = new string('x', 250);
        for (var i = 1; i <= UnreadBurst; i++)
        {
            await sender.SendAsync(room, $"{i} {padding}");
        }
    }

    /// <summary>Messages read until the server completes the response.</summary>
    private static async Task<int> CountUntilEndAsync(SseReader stream)
    {
        var delivered = 0;
        try
        {
            while (true)
            {
                if ((await stream.NextAsync(Prompt)).Event == "new_message")
                {
                    delivered++;
                }
            }
        }
        catch (EndOfStreamException)
        {
            return delivered;
        }
    }

    private static IssuedToken Issue(ChatServiceFactory chat, long userId, TimeSpan? lifetime = null)
    {
        var options = chat.Services.GetRequiredService<IOptions<JwtOptions>>().Value;
        var issuer = new TokenIssuer(Options.Create(new JwtOptions
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            SigningKey = options.SigningKey,
            AccessTokenLifetime = lifetime ?? options.AccessTokenLifetime,
        }), TimeProvider.System);
        return issuer.Issue(userId, $"u{userId}@example.com", $"user_{userId}");
    }

    private static HttpClient Bearer(ChatServiceFactory chat, string token)
    {
        var client = chat.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
