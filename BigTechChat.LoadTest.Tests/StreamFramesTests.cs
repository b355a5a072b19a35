using BigTechChat.LoadTest.Api;

namespace BigTechChat.LoadTest.Tests;

/// <summary>The per-user stream of API.md §5 as the load tool reads it: opaque cursor ids, payloads over several data lines.</summary>
public sealed class StreamFramesTests
{
    [Fact]
    public async Task A_per_user_stream_yields_connected_then_messages_with_their_cursor_room_seq_and_client_id()
    {
        const string wire = """
            event: connected
            data: {"user_id":42}

            : ping

            id: opaque-cursor-7
            event: new_message
            data: {
            data: "id":"65f0c0ffee0000000000abcd","room_id":9,"seq":3,
            data: "client_message_id":"run1-17","content":"two\nlines"}

            id: opaque-cursor-8
            event: room_joined
            data: {"id":10,"room_type":"group"}


            """;

        var frames = await SseParserTests.ReadAllAsync(wire);

        Assert.Equal(42, StreamFrames.ReadConnectedUserId(frames[0]));
        Assert.Equal(new MessageFrame("65f0c0ffee0000000000abcd", 9, 3, "run1-17", "opaque-cursor-7"), StreamFrames.ReadNewMessage(frames[1]));
        Assert.Null(StreamFrames.ReadNewMessage(frames[2]));
        Assert.Equal(3, frames.Count);
    }

    [Fact]
    public async Task Carriage_return_line_endings_are_read_like_line_feeds()
    {
        var frames = await SseParserTests.ReadAllAsync("id: c1\r\nevent: new_message\r\ndata: {\"id\":\"m1\",\"room_id\":1,\"seq\":1}\r\n\r\n");

        Assert.Equal(new MessageFrame("m1", 1, 1, null, "c1"), StreamFrames.ReadNewMessage(frames.Single()));
    }

    [Theory]
    [InlineData("new_message", "not json")]
    [InlineData("new_message", "{\"room_id\":1}")]
    [InlineData("new_message", "{\"id\":\"m1\",\"room_id\":\"1\",\"seq\":\"x\"}")]
    [InlineData("new_message", "[1,2]")]
    [InlineData("message_updated", "{\"id\":\"m1\"}")]
    public void Frames_that_are_not_a_readable_new_message_are_ignored_or_read_without_their_bad_numbers(string name, string data)
    {
        var frame = StreamFrames.ReadNewMessage(new SseEvent("1", name, data));

        Assert.True(frame is null or { RoomId: 0, Seq: 0 }, $"read {frame}");
    }

    [Theory]
    [InlineData("connected", "{}")]
    [InlineData("connected", "{\"user_id\":\"x\"}")]
    [InlineData("new_message", "{\"user_id\":1}")]
    public void Only_a_connected_frame_with_a_numeric_user_id_names_the_user(string name, string data)
    {
        Assert.Null(StreamFrames.ReadConnectedUserId(new SseEvent(null, name, data)));
    }
}
