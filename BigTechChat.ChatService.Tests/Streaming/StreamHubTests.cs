using BigTechChat.ChatService.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.Tests.Streaming;

public sealed class StreamHubTests
{
    private static StreamHub Hub(int capacity)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new StreamHub(Options.Create(new StreamOptions { QueueCapacity = capacity }),
            new ChatMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
    }

    [Fact]
    public async Task A_client_that_falls_behind_is_cut_off_without_holding_up_others()
    {
        var hub = Hub(capacity: 3);
        using var slow = hub.Connect(1, 10);
        using var fast = hub.Connect(1, 11);

        for (var i = 1; i <= 5; i++)
        {
            hub.Publish(1, new StreamFrame("new_message", i, "{}"), _ => true);
            Assert.True(fast.Frames.TryRead(out _));
        }

        Assert.True(slow.Overflowed);
        Assert.False(fast.Overflowed);
        var drained = 0;
        await foreach (var _ in slow.Frames.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            drained++;
        }

        Assert.Equal(3, drained);
    }

    [Fact]
    public void Closed_streams_leave_nothing_behind_and_a_frame_goes_to_every_open_stream_of_a_user()
    {
        var hub = Hub(capacity: 8);
        var first = hub.ConnectUser(10);
        var second = hub.ConnectUser(10);
        var room = hub.Connect(1, 10);

        hub.PublishToUser(10, new StreamFrame("friend_request", null, "{}"));
        Assert.True(first.Frames.TryRead(out _));
        Assert.True(second.Frames.TryRead(out _));
        Assert.Equal(3, hub.ConnectionCount);

        first.Dispose();
        Assert.True(hub.HasUserStream(10));
        second.Dispose();
        room.Dispose();

        Assert.False(hub.HasUserStream(10));
        Assert.False(hub.HasListeners(1));
        Assert.Equal(0, hub.ConnectionCount);
    }

    [Fact]
    public void Frames_go_only_to_the_audience_and_the_room()
    {
        var hub = Hub(capacity: 10);
        using var member = hub.Connect(1, 10);
        using var outsider = hub.Connect(1, 11);
        using var elsewhere = hub.Connect(2, 10);

        hub.Publish(1, new StreamFrame("new_message", 1, "{}"), user => user == 10);

        Assert.True(member.Frames.TryRead(out _));
        Assert.False(outsider.Frames.TryRead(out _));
        Assert.False(elsewhere.Frames.TryRead(out _));
    }
}
