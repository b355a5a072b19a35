using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BigTechChat.ChatService.Tests.Infrastructure;

/// <summary>Small HTTP helpers so tests read as the calls a client makes.</summary>
public static class ChatApi
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> DirectRoomAsync(this HttpClient client, long participantId) =>
        await (await client.GetAsync($"/api/chat-rooms/check/{participantId}", Ct)).JsonAsync();

    public static async Task<long> DirectRoomIdAsync(this HttpClient client, long participantId) =>
        (await client.DirectRoomAsync(participantId)).GetProperty("id").GetInt64();

    public static async Task<JsonElement> SendAsync(this HttpClient client, long roomId, string content, string? clientMessageId = null, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await client.PostAsJsonAsync($"/api/messages/{roomId}", new { content, message_type = "text", client_message_id = clientMessageId }, Ct))
            .JsonAsync(expected);

    public static async Task<long> UnreadAsync(this HttpClient client, long roomId) =>
        (await (await client.GetAsync($"/api/messages/room/{roomId}/unread-count", Ct)).JsonAsync()).GetProperty("unread_count").GetInt64();

    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? error = null)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(JsonValueKind.String, json.GetProperty("detail").ValueKind);
        if (error is not null)
        {
            Assert.Equal(error, json.GetProperty("error").GetString());
        }
    }

    /// <summary>Polls until the condition holds, failing after the deadline (never a fixed sleep).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}");
            await Task.Delay(20, Ct);
        }
    }
}
