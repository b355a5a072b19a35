using System.Net.Http.Json;
using System.Text.Json;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Infrastructure;

/// <summary>
/// A per-user stream (GET /api/events/stream) read in the background into a list, so tests wait for a frame by
/// condition (deadline polls) and then check everything that arrived, in order.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly SseReader _reader;
    private readonly List<SseFrame> _frames = [];
    private readonly Task _reading;

    private EventStream(SseReader reader)
    {
        _reader = reader;
        _reading = Task.Run(ReadAsync);
    }

    public SseReader Reader => _reader;

    /// <summary>True once the server ended the stream.</summary>
    public bool Ended { get; private set; }

    public IReadOnlyList<SseFrame> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    public IEnumerable<SseFrame> Messages => Frames.Where(f => f.Event == "new_message");

    /// <summary>The id of the newest frame that carried one: the cursor a client would resume with.</summary>
    public string? LastId => Frames.LastOrDefault(f => f.Id is not null)?.Id;

    public static async Task<EventStream> OpenAsync(HttpClient client, string? lastEventId = null, string url = "/api/events/stream")
    {
        var reader = await SseReader.OpenAsync(client, url, lastEventId);
        return new EventStream(reader);
    }

    public async Task<SseFrame> WaitForAsync(Func<SseFrame, bool> match, string what, TimeSpan? within = null)
    {
        SseFrame? found = null;
        await EventuallyAsync(() => Task.FromResult((found = Frames.FirstOrDefault(match)) is not null || Ended), what, within);
        return found ?? throw new Xunit.Sdk.XunitException($"The stream ended before {what}");
    }

    public Task<SseFrame> WaitForMessageAsync(string content) =>
        WaitForAsync(f => f.Event == "new_message" && f.Json.GetProperty("content").GetString() == content, $"message '{content}'");

    public Task WaitForEndAsync(TimeSpan within) => EventuallyAsync(() => Task.FromResult(Ended), "the stream to end", within);

    public IEnumerable<string?> Contents(long roomId) =>
        Messages.Where(f => f.Json.GetProperty("room_id").GetInt64() == roomId).Select(f => f.Json.GetProperty("content").GetString());

    private async Task ReadAsync()
    {
        try
        {
            while (true)
            {
                var frame = await _reader.NextAsync(TimeSpan.FromMinutes(5));
                lock (_frames)
                {
                    _frames.Add(frame);
                }
            }
        }
        catch (Exception exception) when (exception is EndOfStreamException or OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
            Ended = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
    }
}

/// <summary>Room calls the per-user stream tests make.</summary>
public static class RoomCalls
{
    public static async Task<long> CreateGroupAsync(this HttpClient owner, params long[] members) =>
        (await (await owner.PostAsJsonAsync("/api/chat-rooms/group", new { name = "group", member_ids = members }, Ct)).JsonAsync(System.Net.HttpStatusCode.Created))
            .GetProperty("id").GetInt64();

    public static async Task<JsonElement> AddMembersAsync(this HttpClient client, long roomId, params long[] userIds) =>
        await (await client.PostAsJsonAsync($"/api/chat-rooms/{roomId}/members", new { user_ids = userIds }, Ct)).JsonAsync();

    public static async Task<JsonElement> RemoveMemberAsync(this HttpClient client, long roomId, long userId) =>
        await (await client.DeleteAsync($"/api/chat-rooms/{roomId}/members/{userId}", Ct)).JsonAsync();
}
