using System.Net;
using BigTechChat.ChatService.Streaming;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>Which Last-Event-ID / ?last_event_id= values a room stream accepts, and what it does with them (docs/api.md, Streams).</summary>
public sealed class ResumeCursorTests : DirectRoomTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cursor_ahead_of_an_empty_room_resyncs_to_zero_and_drops_no_live_message(bool inHeader)
    {
        await using var stream = await OpenAsync("3", inHeader);
        Assert.Equal("connected", (await stream.NextAsync()).Event);
        var resync = await stream.NextAsync();
        for (var i = 1; i <= 3; i++)
        {
            await A.SendAsync(Room, $"live {i}");
        }

        Assert.Equal("resync", resync.Event);
        Assert.Equal("0", resync.Id);
        Assert.Equal("cursor_ahead", resync.Json.GetProperty("reason").GetString());
        Assert.Equal(Room, resync.Json.GetProperty("room_id").GetInt64());
        Assert.Equal(3, resync.Json.GetProperty("last_event_id").GetInt64());
        Assert.Equal(0, resync.Json.GetProperty("newest_seq").GetInt64());
        var live = new List<string?>();
        for (var i = 1; i <= 3; i++)
        {
            live.Add((await stream.NextOfTypeAsync("new_message")).Id);
        }

        Assert.Equal<string?>(["1", "2", "3"], live);
    }

    [Fact]
    public async Task Cursor_ahead_of_a_room_with_messages_resumes_from_its_newest_seq_without_replay()
    {
        await A.SendAsync(Room, "one");
        await A.SendAsync(Room, "two");

        await using var stream = await OpenAsync(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), inHeader: true);
        await stream.NextAsync();
        var resync = await stream.NextAsync();
        await A.SendAsync(Room, "three");
        var next = await stream.NextAsync();

        Assert.Equal("resync", resync.Event);
        Assert.Equal("2", resync.Id);
        Assert.Equal(2, resync.Json.GetProperty("newest_seq").GetInt64());
        Assert.Equal("new_message", next.Event);
        Assert.Equal("3", next.Id);
    }

    [Fact]
    public async Task Cursor_at_or_behind_the_newest_seq_replays_without_resync()
    {
        await A.SendAsync(Room, "one");
        await A.SendAsync(Room, "two");

        await using var atNewest = await OpenAsync("2", inHeader: true);
        await using var behind = await OpenAsync("1", inHeader: false);
        await atNewest.NextAsync();
        await behind.NextAsync();
        var replayed = await behind.NextAsync();
        await A.SendAsync(Room, "three");

        var live = await atNewest.NextAsync();

        Assert.Equal(("new_message", "2"), (replayed.Event, replayed.Id));
        Assert.Equal(("new_message", "3"), (live.Event, live.Id));
    }

    [Fact]
    public async Task Cursor_at_a_message_deleted_since_resumes_live_without_resync()
    {
        await A.SendAsync(Room, "one");
        var two = await A.SendAsync(Room, "two");
        (await A.DeleteAsync($"/api/messages/{two.GetProperty("id").GetString()}", Ct)).EnsureSuccessStatusCode();

        await using var stream = await OpenAsync("2", inHeader: true);
        Assert.Equal("connected", (await stream.NextAsync()).Event);
        await A.SendAsync(Room, "three");
        var seen = new List<string?>();
        while (seen.LastOrDefault() != "new_message 3")
        {
            var frame = await stream.NextAsync();
            seen.Add($"{frame.Event} {frame.Id}".TrimEnd());
        }

        // The delete's own event may still arrive live; what must not is a resync or a replay.
        Assert.All(seen.SkipLast(1), f => Assert.Equal("message_deleted", f));
    }

    [Fact]
    public async Task Cursor_ahead_while_messages_arrive_resyncs_and_then_has_no_gap()
    {
        await A.SendAsync(Room, "before");
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await A.SendAsync(Room, $"live {i}");
            }
        }, Ct);

        await using var stream = await OpenAsync("1000000", inHeader: false);
        await stream.NextAsync();
        var resync = await stream.NextAsync();
        var from = long.Parse(resync.Id!, System.Globalization.CultureInfo.InvariantCulture);
        var seqs = new List<long>();
        while (seqs.Count < 31 - from)
        {
            seqs.Add(long.Parse((await stream.NextOfTypeAsync("new_message")).Id!, System.Globalization.CultureInfo.InvariantCulture));
        }

        await sender;
        Assert.Equal("resync", resync.Event);
        Assert.Equal(Enumerable.Range((int)from + 1, 31 - (int)from).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task A_message_readable_only_after_a_later_one_is_still_delivered()
    {
        await A.SendAsync(Room, "one");
        await using var stream = await OpenAsync("0", inHeader: true);
        await stream.NextAsync();
        Assert.Equal("1", (await stream.NextAsync()).Id);

        // As on MongoDB, which takes a seq before it stores the message: seq 3's wake-up comes while seq 2 is not readable.
        Chat.Services.GetRequiredService<StreamHub>().Publish(Room, new StreamFrame(StreamFrame.NewMessage, 3, "{\"seq\":3}"), _ => true);
        Assert.Equal("3", (await stream.NextAsync()).Id);
        await A.SendAsync(Room, "two");

        var late = await stream.NextOfTypeAsync("new_message");
        Assert.Equal(("2", "two"), (late.Id, late.Json.GetProperty("content").GetString()));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("+3")]
    [InlineData("0x10")]
    [InlineData("1e3")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999999")]
    public async Task Malformed_cursor_is_422_naming_last_event_id_in_either_form(string cursor)
    {
        using var inHeader = new HttpRequestMessage(HttpMethod.Get, $"/api/messages/stream/{Room}");
        inHeader.Headers.TryAddWithoutValidation("Last-Event-ID", cursor);
        var fromHeader = await B.SendAsync(inHeader, HttpCompletionOption.ResponseHeadersRead, Ct);
        var fromQuery = await B.GetAsync($"/api/messages/stream/{Room}?last_event_id={Uri.EscapeDataString(cursor)}", HttpCompletionOption.ResponseHeadersRead, Ct);

        foreach (var response in new[] { fromHeader, fromQuery })
        {
            await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
            Assert.Contains("last_event_id", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1\t")]
    [InlineData("３")]
    public async Task Cursor_with_spaces_or_non_ascii_digits_in_the_query_is_422(string cursor)
    {
        var response = await B.GetAsync($"/api/messages/stream/{Room}?last_event_id={Uri.EscapeDataString(cursor)}", HttpCompletionOption.ResponseHeadersRead, Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
    }

    [Fact]
    public async Task Blank_cursor_means_no_cursor()
    {
        // Let the fan-out finish with seq 1 first, so a late live frame of it cannot pass for a replay.
        await using (var settled = await SseReader.OpenAsync(A, $"/api/messages/stream/{Room}"))
        {
            Assert.Equal("connected", (await settled.NextAsync()).Event);
            await A.SendAsync(Room, "history");
            Assert.Equal("1", (await settled.NextAsync()).Id);
        }

        await using var stream = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}?last_event_id=%20");
        Assert.Equal("connected", (await stream.NextAsync()).Event);
        await A.SendAsync(Room, "live");

        Assert.Equal("2", (await stream.NextAsync()).Id);
    }

    [Fact]
    public async Task Header_cursor_wins_over_the_query_as_on_an_EventSource_reconnect()
    {
        for (var i = 1; i <= 3; i++)
        {
            await A.SendAsync(Room, $"{i}");
        }

        await using var stream = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}?last_event_id=1", lastEventId: "2");
        await stream.NextAsync();

        Assert.Equal("3", (await stream.NextAsync()).Id);
    }

    [Fact]
    public async Task Stream_of_a_room_the_user_is_not_in_is_refused_before_the_cursor_matters()
    {
        var stranger = Chat.ClientFor(ChatServiceFactory.NewUser());

        var response = await stranger.GetAsync($"/api/messages/stream/{Room}?last_event_id=5", HttpCompletionOption.ResponseHeadersRead, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "authorization_error");
    }

    private Task<SseReader> OpenAsync(string cursor, bool inHeader) => inHeader
        ? SseReader.OpenAsync(B, $"/api/messages/stream/{Room}", lastEventId: cursor)
        : SseReader.OpenAsync(B, $"/api/messages/stream/{Room}?last_event_id={cursor}");
}
