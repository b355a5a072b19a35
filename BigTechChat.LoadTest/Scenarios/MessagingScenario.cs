using BigTechChat.LoadTest.Api;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>
/// Sends without think time from users created beforehand (sustained sends/s), then compares the newest-page
/// read of a small room with that of a big one: cursor paging should make them cost the same.
/// </summary>
public sealed class MessagingScenario(ScenarioContext context)
{
    private const int PageSize = 50;

    private int BigRoomMessages => context.Options.BigRoomMessages ?? 20_000;

    /// <summary>Filling the big room is setup, not the measurement; it still may not run forever.</summary>
    private static readonly TimeSpan FillDeadline = TimeSpan.FromMinutes(30);

    public async Task<Dictionary<string, object>> RunAsync(CancellationToken ct)
    {
        var options = context.Options;
        var concurrency = options.Concurrency ?? 20;
        var duration = options.Duration ?? TimeSpan.FromSeconds(30);

        var rooms = await OpenRoomsAsync(concurrency + 2, ct);
        var senders = rooms.Take(concurrency).ToArray();
        context.StartMeasurement();
        var elapsed = await ScenarioContext.RunForAsync(senders.Length, duration,
            (worker, token) => context.Api.SendMessageAsync("send_message", senders[worker].Token, senders[worker].RoomId, "Sustained load message", null, token), ct);
        var send = context.Recorder["send_message"];
        var sent = send.Snapshot().Length - send.Errors;

        var small = rooms[^2];
        var big = rooms[^1];
        var smallFilled = await FillAsync(small, options.SmallRoomMessages, concurrency, ct);
        var bigFilled = await FillAsync(big, BigRoomMessages, concurrency, ct);
        for (var i = 0; i < options.HistoryReads; i++)
        {
            await context.Api.ReadMessagesAsync("history_small_room", small.Token, small.RoomId, PageSize, ct);
            await context.Api.ReadMessagesAsync("history_big_room", big.Token, big.RoomId, PageSize, ct);
        }

        var smallMedian = Measurement.LatencySummary.From(context.Recorder["history_small_room"].Snapshot()).Med;
        var bigMedian = Measurement.LatencySummary.From(context.Recorder["history_big_room"].Snapshot()).Med;
        return context.Report("messaging", elapsed,
            new Dictionary<string, object>
            {
                ["concurrency"] = concurrency,
                ["duration_s"] = duration.TotalSeconds,
                ["small_room_messages"] = options.SmallRoomMessages,
                ["big_room_messages"] = BigRoomMessages,
                ["history_reads"] = options.HistoryReads,
            },
            new Dictionary<string, object>
            {
                ["messages_sent"] = sent,
                ["sends_per_s"] = Math.Round(sent / elapsed.TotalSeconds, 2),
                ["small_room_filled"] = smallFilled,
                ["big_room_filled"] = bigFilled,
                ["history_med_ratio_big_to_small"] = smallMedian > 0 ? Math.Round(bigMedian / smallMedian, 3) : 0,
            });
    }

    private async Task<Room[]> OpenRoomsAsync(int count, CancellationToken ct)
    {
        var users = await context.CreateSessionsAsync(2 * count, "msg", ct);
        var rooms = new List<Room>();
        for (var i = 0; i < count; i++)
        {
            if (users[2 * i] is { } owner && users[(2 * i) + 1] is { } peer)
            {
                var room = await context.Api.OpenDirectRoomAsync("setup_room", owner.Token, peer.Id, ct);
                if (room.Ok)
                {
                    rooms.Add(new Room(owner.Token, room.Id));
                }
            }
        }

        return rooms.Count == count ? [.. rooms] : throw new InvalidOperationException($"Only {rooms.Count} of {count} rooms could be opened.");
    }

    private async Task<long> FillAsync(Room room, int messages, int concurrency, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(FillDeadline);
        long next = 0;
        long stored = 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), new ParallelOptions { CancellationToken = deadline.Token }, async (_, token) =>
            {
                while (Interlocked.Increment(ref next) <= messages)
                {
                    var result = await context.Api.SendMessageAsync("setup_fill", room.Token, room.RoomId, "History filler", null, token);
                    if (result.Ok)
                    {
                        Interlocked.Increment(ref stored);
                    }
                }
            });
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
        }

        return stored;
    }

    private sealed record Room(string Token, long RoomId);
}
