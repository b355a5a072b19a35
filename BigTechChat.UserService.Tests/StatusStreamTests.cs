using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.UserService.Tests;

public sealed class StatusStreamTests
{
    [Fact]
    public async Task Stream_delivers_a_friends_presence_changes_and_nothing_about_strangers()
    {
        await using var factory = new UserServiceFactory();
        var client = factory.CreateClient();
        var watcher = await client.RegisterAndLoginAsync();
        var friend = await client.RegisterAndLoginAsync();
        var stranger = await client.RegisterAndLoginAsync();
        await factory.Services.GetRequiredService<IEventPublisher>().PublishAsync(
            new FriendRequestAccepted(1, watcher.Id, watcher.Username, friend.Id, friend.Username), TestContext.Current.CancellationToken);
        await UserApiClient.EventuallyAsync(async () =>
            (await (await client.GetAsync("/api/online-status/friends", watcher.Token)).ReadJsonAsync()).GetArrayLength() == 1, "friendship");

        await using var stream = await SseReader.OpenAsync(client, $"/api/online-status/stream?access_token={watcher.Token}");
        await client.SendAsync(HttpMethod.Post, "/api/auth/logout", stranger.Token);
        await client.SendAsync(HttpMethod.Post, "/api/auth/logout", friend.Token);
        // The friend's login may still be on its way to the stream; everything seen must be about the friend.
        var seen = new List<(string Event, System.Text.Json.JsonElement Data)> { await stream.NextEventAsync() };
        while (seen[^1].Data.GetProperty("is_online").GetBoolean())
        {
            seen.Add(await stream.NextEventAsync());
        }

        var offline = seen[^1];
        await client.LoginAsync(friend.Email, friend.Password);
        var online = await stream.NextEventAsync();
        Assert.All(seen, e => Assert.Equal(friend.Id, e.Data.GetProperty("user_id").GetInt64()));

        Assert.Equal("status", offline.Event);
        Assert.Equal(friend.Id, offline.Data.GetProperty("user_id").GetInt64());
        Assert.False(offline.Data.GetProperty("is_online").GetBoolean());
        Assert.EndsWith("Z", offline.Data.GetProperty("last_seen_at").GetString(), StringComparison.Ordinal);
        Assert.Equal(friend.Id, online.Data.GetProperty("user_id").GetInt64());
        Assert.True(online.Data.GetProperty("is_online").GetBoolean());
    }

    [Fact]
    public async Task Stream_sends_ping_comments_and_counts_as_a_heartbeat()
    {
        await using var factory = new UserServiceFactory
        {
            Settings =
            {
                ["Presence:TimeToLive"] = "00:00:02",
                ["Presence:SweepInterval"] = "00:00:00.100",
                ["Presence:StreamPingInterval"] = "00:00:00.300",
            },
        };
        var client = factory.CreateClient();
        var user = await client.RegisterAndLoginAsync();
        var other = await client.RegisterAndLoginAsync();

        await using var stream = await SseReader.OpenAsync(client, "/api/online-status/stream", user.Token);
        await stream.WaitForPingsAsync(10); // 3 s of pings, well past one TTL

        var status = await (await client.GetAsync($"/api/online-status/user/{user.Id}", other.Token)).ReadJsonAsync();
        Assert.True(status.GetProperty("is_online").GetBoolean());
    }

    [Fact]
    public async Task Without_heartbeats_a_user_goes_offline_when_the_ttl_lapses()
    {
        await using var factory = new UserServiceFactory
        {
            Settings = { ["Presence:TimeToLive"] = "00:00:00.500", ["Presence:SweepInterval"] = "00:00:00.100" },
        };
        var client = factory.CreateClient();
        var presence = new BusProbe(factory.Broker, Topics.UserOnlineStatus);
        var user = await client.RegisterAndLoginAsync();
        var other = await client.RegisterAndLoginAsync();

        var offline = await presence.NextAsync("UserOnlineStatusChanged",
            e => e.GetProperty("user_id").GetInt64() == user.Id && !e.GetProperty("is_online").GetBoolean());

        Assert.EndsWith("Z", offline.GetProperty("last_seen_at").GetString(), StringComparison.Ordinal);
        var status = await (await client.GetAsync($"/api/online-status/user/{user.Id}", other.Token)).ReadJsonAsync();
        Assert.False(status.GetProperty("is_online").GetBoolean());
    }

    [Fact]
    public async Task Stream_without_a_token_is_401_json()
    {
        await using var factory = new UserServiceFactory();
        var client = factory.CreateClient();

        var response = await client.GetAsync("/api/online-status/stream", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
    }
}

/// <summary>Reads a Server-Sent Events response line by line, as raw text on the wire.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _pump = Task.Run(async () =>
        {
            using var reader = new StreamReader(body);
            try
            {
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    await _lines.Writer.WriteAsync(line);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The test closed the stream.
            }
            finally
            {
                _lines.Writer.TryComplete();
            }
        });
    }

    public static async Task<SseReader> OpenAsync(HttpClient client, string path, string? token = null)
    {
        var request = token is null ? new HttpRequestMessage(HttpMethod.Get, path) : UserApiClient.Authorized(HttpMethod.Get, path, token);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new SseReader(response, await response.Content.ReadAsStreamAsync());
        Assert.Equal(": ping", await reader.NextLineAsync());
        return reader;
    }

    public async Task<(string Event, JsonElement Data)> NextEventAsync()
    {
        string? eventName = null;
        while (true)
        {
            var line = await NextLineAsync();
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName is not null)
            {
                using var document = JsonDocument.Parse(line["data: ".Length..]);
                return (eventName, document.RootElement.Clone());
            }
        }
    }

    public async Task WaitForPingsAsync(int count)
    {
        for (var seen = 0; seen < count;)
        {
            if (await NextLineAsync() == ": ping")
            {
                seen++;
            }
        }
    }

    /// <summary>Reads until the server completes the response (true) or the timeout passes (false).</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                await _lines.Reader.ReadAsync(deadline.Token);
            }
        }
        catch (ChannelClosedException)
        {
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<string> NextLineAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _lines.Reader.ReadAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _pump;
        _stop.Dispose();
    }
}
