using System.Net;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>Issue 9: past the configured stream limit a room stream is refused with 503 + Retry-After; the host keeps serving.</summary>
public sealed class StreamLimitTests : IAsyncLifetime
{
    private readonly ChatServiceFactory _chat = new(settings: new Dictionary<string, string?>
    {
        ["ConnectionLimits:MaxConcurrentStreams"] = "2",
        ["ConnectionLimits:RetryAfter"] = "00:00:07",
    });

    private long _alice, _bob, _room;
    private HttpClient _a = null!, _b = null!;

    public async ValueTask InitializeAsync()
    {
        (_alice, _bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        (_a, _b) = (_chat.ClientFor(_alice), _chat.ClientFor(_bob));
        _room = await _a.DirectRoomIdAsync(_bob);
    }

    public ValueTask DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task The_stream_past_the_limit_gets_503_with_retry_after_and_open_streams_keep_working()
    {
        await using var first = await OpenConnectedAsync(_a);
        await using var second = await OpenConnectedAsync(_b);

        using var refused = await _a.GetAsync($"/api/messages/stream/{_room}", Ct);

        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        var sent = await _a.SendAsync(_room, "still serving");
        Assert.Equal(sent.GetProperty("id").GetString(), (await second.NextOfTypeAsync("new_message")).Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_closed_stream_frees_its_slot()
    {
        await using var kept = await OpenConnectedAsync(_a);
        var closed = await OpenConnectedAsync(_b);
        await closed.DisposeAsync();

        await EventuallyAsync(async () =>
        {
            await using var next = await SseReader.OpenAsync(_b, $"/api/messages/stream/{_room}");
            return next.Response.StatusCode == HttpStatusCode.OK;
        }, "the freed slot to admit a new stream");
    }

    private async Task<SseReader> OpenConnectedAsync(HttpClient client)
    {
        var stream = await SseReader.OpenAsync(client, $"/api/messages/stream/{_room}");
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("connected", (await stream.NextAsync()).Event);
        return stream;
    }
}
