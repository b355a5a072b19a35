using System.Diagnostics;
using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Tests;

public sealed class DeliveryLedgerTests
{
    private const long DueAt = 5_000_000;

    [Fact]
    public void A_copy_on_each_expected_stream_is_delivered_with_latency_from_the_due_time()
    {
        var ledger = new DeliveryLedger();
        ledger.Plan("k1", DueAt, [1, 2]);
        ledger.Settle("k1", sent: true);

        var first = ledger.Observe(1, "m1", "k1", DueAt + (Stopwatch.Frequency / 100));
        var second = ledger.Observe(2, "m1", "k1", DueAt + (Stopwatch.Frequency / 10));

        Assert.Equal(DeliveryOutcome.Delivered, first.Outcome);
        Assert.Equal(10, first.Latency.TotalMilliseconds, 3);
        Assert.Equal(100, second.Latency.TotalMilliseconds, 3);
        Assert.Equal(Counts(expected: 2, received: 2, lost: 0, duplicates: 0, unexpected: 0), ledger.ToJson());
    }

    [Fact]
    public void The_same_message_id_twice_on_one_stream_is_a_duplicate_and_not_a_second_delivery()
    {
        var ledger = new DeliveryLedger();
        ledger.Plan("k1", DueAt, [1, 2]);
        ledger.Settle("k1", sent: true);

        ledger.Observe(1, "m1", "k1", DueAt);
        var again = ledger.Observe(1, "m1", "k1", DueAt);
        ledger.Observe(2, "m1", "k1", DueAt);

        Assert.Equal(DeliveryOutcome.Duplicate, again.Outcome);
        Assert.Equal(Counts(expected: 2, received: 2, lost: 0, duplicates: 1, unexpected: 0), ledger.ToJson());
    }

    [Fact]
    public void Copies_never_observed_are_lost()
    {
        var ledger = new DeliveryLedger();
        ledger.Plan("k1", DueAt, [1, 2, 3]);
        ledger.Plan("k2", DueAt, [1, 2, 3]);
        ledger.Settle("k1", sent: true);
        ledger.Settle("k2", sent: true);

        ledger.Observe(3, "m1", "k1", DueAt);

        Assert.Equal((6L, 1L), ledger.Progress());
        Assert.Equal(Counts(expected: 6, received: 1, lost: 5, duplicates: 0, unexpected: 0), ledger.ToJson());
    }

    [Fact]
    public void A_failed_send_is_owed_to_no_stream_and_its_copies_are_unexpected()
    {
        var ledger = new DeliveryLedger();
        ledger.Plan("k1", DueAt, [1]);
        ledger.Settle("k1", sent: false);

        var outcome = ledger.Observe(1, "m1", "k1", DueAt).Outcome;

        // A copy seen before the send's answer arrives is still counted; the failed send then owes nothing.
        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        Assert.Equal((0L, 0L), ledger.Progress());
    }

    [Fact]
    public void Frames_of_unplanned_messages_or_on_streams_not_owed_them_are_unexpected()
    {
        var ledger = new DeliveryLedger();
        ledger.Plan("k1", DueAt, [1]);
        ledger.Settle("k1", sent: true);

        Assert.Equal(DeliveryOutcome.Unexpected, ledger.Observe(2, "m1", "k1", DueAt).Outcome);
        Assert.Equal(DeliveryOutcome.Unexpected, ledger.Observe(1, "m9", "someone-else", DueAt).Outcome);
        Assert.Equal(DeliveryOutcome.Unexpected, ledger.Observe(1, "m8", null, DueAt).Outcome);
        Assert.Equal(Counts(expected: 1, received: 0, lost: 1, duplicates: 0, unexpected: 3), ledger.ToJson());
    }

    [Fact]
    public async Task Concurrent_observers_count_every_copy_once()
    {
        var ledger = new DeliveryLedger();
        var streams = Enumerable.Range(1, 8).ToArray();
        for (var m = 0; m < 1000; m++)
        {
            ledger.Plan($"k{m}", DueAt, streams);
            ledger.Settle($"k{m}", sent: true);
        }

        await Task.WhenAll(streams.Select(stream => Task.Run(() =>
        {
            for (var m = 0; m < 1000; m++)
            {
                ledger.Observe(stream, $"m{m}", $"k{m}", DueAt);
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal((8000L, 8000L), ledger.Progress());
    }

    private static Dictionary<string, object> Counts(long expected, long received, long lost, long duplicates, long unexpected) => new()
    {
        ["deliveries_expected"] = expected,
        ["deliveries_received"] = received,
        ["deliveries_lost"] = lost,
        ["duplicates"] = duplicates,
        ["unexpected"] = unexpected,
    };
}
