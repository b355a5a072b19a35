using BigTechChat.ServiceDefaults.Collections;

namespace BigTechChat.ChatService.Tests.Streaming;

public sealed class ConcurrentMultimapTests
{
    [Fact]
    public void A_value_is_held_once_per_key_and_the_key_goes_with_its_last_value()
    {
        var map = new ConcurrentMultimap<long, string>();

        Assert.True(map.Add(1, "a"));
        Assert.False(map.Add(1, "a"));
        Assert.True(map.Add(1, "b"));
        Assert.True(map.Add(2, "a"));
        Assert.Equal(["a", "b"], map[1]);
        Assert.Equal(2, map.KeyCount);

        Assert.True(map.Remove(1, "a"));
        Assert.False(map.Remove(1, "a"));
        Assert.False(map.Remove(3, "a"));
        Assert.Equal(["b"], map[1]);
        Assert.True(map.Remove(1, "b"));

        Assert.True(map[1].IsEmpty);
        Assert.Equal([2L], map.Keys);
        Assert.Equal(["a"], map.Values);
    }

    [Fact]
    public async Task Concurrent_adds_and_removes_on_one_key_lose_nothing_and_leave_no_empty_key()
    {
        var map = new ConcurrentMultimap<long, int>();
        var start = new Barrier(4);

        // Four writers on one key: each adds its own values and removes every second one, so sets are swapped under contention.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            for (var i = 0; i < 2_000; i++)
            {
                var value = (writer * 10_000) + i;
                Assert.True(map.Add(7, value));
                if (i % 2 == 0)
                {
                    Assert.True(map.Remove(7, value));
                }
            }
        }, TestContext.Current.CancellationToken)));

        var expected = Enumerable.Range(0, 4).SelectMany(writer => Enumerable.Range(0, 2_000).Where(i => i % 2 == 1).Select(i => (writer * 10_000) + i));
        Assert.Equal(expected.Order(), map[7].Order());

        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            foreach (var i in Enumerable.Range(0, 2_000).Where(i => i % 2 == 1))
            {
                Assert.True(map.Remove(7, (writer * 10_000) + i));
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(0, map.KeyCount);
    }
}
