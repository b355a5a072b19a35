using BigTechChat.LoadTest.Api;

namespace BigTechChat.LoadTest.Tests;

public sealed class SseParserTests
{
    [Fact]
    public async Task Frames_are_split_on_blank_lines_with_id_event_and_data()
    {
        const string wire = "id: 7\nevent: new_message\ndata: {\"seq\":7}\n\n: ping\n\ndata: line one\ndata: line two\n\nevent: half";

        var frames = await ReadAllAsync(wire);

        Assert.Equal(
            [new SseEvent("7", "new_message", "{\"seq\":7}"), new SseEvent("7", "message", "line one\nline two")],
            frames);
    }

    [Fact]
    public async Task Values_without_a_space_after_the_colon_are_read_whole()
    {
        var frames = await ReadAllAsync("event:connected\ndata:{}\n\n");

        Assert.Equal([new SseEvent(null, "connected", "{}")], frames);
    }

    /// <summary>Every frame of <paramref name="wire"/>, as a stream reader would get them.</summary>
    internal static async Task<List<SseEvent>> ReadAllAsync(string wire)
    {
        var frames = new List<SseEvent>();
        await foreach (var frame in SseParser.ReadAsync(new StringReader(wire), TestContext.Current.CancellationToken))
        {
            frames.Add(frame);
        }

        return frames;
    }
}
