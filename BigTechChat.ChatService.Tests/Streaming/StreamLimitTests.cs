using System.Net;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>Issue 9: past the configured stream limit a room stream is refused with 503 + Retry-After; the host keeps serving.</summary>
public sealed class StreamLimitTests() : DirectRoomTests(new Dictionary<string, string?>
{
    ["ConnectionLimits:MaxConcurrentStreams"] = "2",
    ["ConnectionLimits:RetryAfter"] = "00:00:07",
})
{
    [Fact]
    public async Task The_stream_past_the_limit_gets_503_with_retry_after_and_open_streams_keep_working()
    {
        await using var first = await OpenConnectedAsync(A);
        await using var second = await OpenConnectedAsync(B);

        using var refused = await A.GetAsync($"/api/messages/stream/{Room}", Ct);

        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        var sent = await A.SendAsync(Room, "still serving");
        Assert.Equal(sent.GetProperty("id").GetString(), (await second.NextOfTypeAsync("new_message")).Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_closed_stream_frees_its_slot()
    {
        await using var kept = await OpenConnectedAsync(A);
        var closed = await OpenConnectedAsync(B);
        await closed.DisposeAsync();

        await EventuallyAsync(async () =>
        {
            await using var next = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}");
            return next.Response.StatusCode == HttpStatusCode.OK;
        }, "the freed slot to admit a new stream");
    }

    private async Task<SseReader> OpenConnectedAsync(HttpClient client)
    {
        var stream = await SseReader.OpenAsync(client, $"/api/messages/stream/{Room}");
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("connected", (await stream.NextAsync()).Event);
        return stream;
    }
}
