using System.Collections.Concurrent;
using System.Diagnostics;
using BigTechChat.LoadTest.Api;
using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>Which event stream the clients of a <see cref="StreamScenario"/> hold.</summary>
public enum StreamKind
{
    /// <summary>No streams: sends only (<c>send-rate</c>).</summary>
    None,

    /// <summary><c>GET /api/messages/stream/{room}</c>, one per member and room (<c>fanout</c>).</summary>
    Room,

    /// <summary><c>GET /api/events/stream</c>, one per client for all its rooms (<c>user-streams</c>, API.md §5).</summary>
    User,
}

/// <summary>
/// Clients holding event streams over rooms (direct rooms for 2 members, groups otherwise) while messages go in at a
/// fixed aggregate rate on an open-loop schedule. Measures send latency and send→receive latency per delivered copy,
/// both from each message's due time, and counts lost and duplicate copies (<see cref="DeliveryLedger"/>).
/// </summary>
public sealed class StreamScenario(ScenarioContext context, StreamKind kind)
{
    private static readonly TimeSpan ConnectedDeadline = TimeSpan.FromSeconds(30);

    private readonly DeliveryLedger _ledger = new();
    private readonly ConcurrentBag<Task> _readers = [];
    private long _streamsEndedEarly;
    private long _lastFrameAt = Stopwatch.GetTimestamp();
    private long _streamsNotConnected;
    private int _nextStreamId;

    /// <summary>How long the streams must be silent after the last owed copy before they are closed.</summary>
    private static readonly TimeSpan QuietBeforeStop = TimeSpan.FromMilliseconds(300);

    public async Task<Dictionary<string, object>> RunAsync(CancellationToken ct)
    {
        var options = context.Options;
        var duration = options.Duration ?? TimeSpan.FromSeconds(20);
        var members = kind == StreamKind.None ? 2 * options.Rooms : options.FanoutMembers;
        var roomCount = kind == StreamKind.None ? options.Rooms : options.FanoutRooms;
        var users = await context.CreateSessionsAsync(members, kind.ToString().ToLowerInvariant(), ct);
        var rooms = await OpenRoomsAsync(users, roomCount, ct);
        var memoryBefore = await ServerMemory.ReadAsync(context, ct);

        using var streamsStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (kind != StreamKind.None)
        {
            var opens = rooms.SelectMany(room => room.Members.SelectMany(member => Enumerable.Repeat((room, member), options.StreamsPerMember)));
            await ScenarioContext.ForEachAsync(opens, async (open, token) => await OpenStreamAsync(open.room, open.member, streamsStop.Token), ct);
        }

        var memoryWithStreams = await ServerMemory.ReadAsync(context, ct);
        var streamsOpen = rooms.Sum(r => r.StreamIds.Count);
        var streamsRequested = kind == StreamKind.None ? 0 : rooms.Sum(r => r.Members.Length) * options.StreamsPerMember;
        if (streamsRequested > 0 && streamsOpen == 0)
        {
            // Nothing would be owed to any stream, so "0 lost" would be meaningless.
            var statuses = string.Join(", ", context.Recorder["setup_stream"].StatusCounts().Select(s => $"{s.Key}: {s.Value}"));
            throw new InvalidOperationException($"No {kind.ToString().ToLowerInvariant()} stream could be opened (statuses {statuses}; "
                + $"{Interlocked.Read(ref _streamsNotConnected)} without a connected frame naming their user).");
        }

        var (warmupSent, warmupFailed) = await WarmUpAsync(rooms, options.Warmup, ct);
        context.StartMeasurement();
        var schedule = new OpenLoopSchedule(options.MessagesPerSecond, duration);
        var (elapsed, skipped) = await SendOnScheduleAsync(rooms, schedule, ct);
        var drain = Stopwatch.StartNew();
        while (_ledger.Progress() is var (expected, delivered) && delivered < expected && drain.Elapsed < options.Grace && !ct.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        // Copies still on their way once every owed one arrived (a duplicate right behind the last copy) count too.
        while (kind != StreamKind.None && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastFrameAt)) < QuietBeforeStop
            && drain.Elapsed < options.Grace && !ct.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        var drained = drain.Elapsed;
        await streamsStop.CancelAsync();
        await Task.WhenAll(_readers);
        var sent = context.Recorder[StepRecorder.SendFromSchedule].Samples().Count(s => s.Succeeded);
        var results = new Dictionary<string, object>
        {
            ["streams_requested"] = streamsRequested,
            ["streams_open"] = streamsOpen,
            ["streams_not_connected"] = Interlocked.Read(ref _streamsNotConnected),
            ["streams_ended_early"] = Interlocked.Read(ref _streamsEndedEarly),
            ["messages_scheduled"] = schedule.Total,
            ["messages_sent"] = (long)sent,
            ["sends_skipped_backlog"] = skipped,
            ["sends_per_s"] = Math.Round(sent / elapsed.TotalSeconds, 2),
            ["warmup_sent"] = warmupSent,
            ["warmup_failed"] = warmupFailed,
            ["drain_s"] = Math.Round(drained.TotalSeconds, 2),
            ["server_memory_before_streams"] = memoryBefore,
            ["server_memory_with_streams"] = memoryWithStreams,
            ["server_memory_per_stream_bytes"] = ServerMemory.PerStream(memoryBefore, memoryWithStreams, streamsOpen) ?? [],
            ["load_tool_open_file_limit"] = LoadRunner.DescriptorLimitText,
        };
        foreach (var (key, value) in _ledger.ToJson())
        {
            results[key] = value;
        }

        return context.Report(kind switch { StreamKind.User => "user-streams", StreamKind.Room => "fanout", _ => "send-rate" }, elapsed,
            new Dictionary<string, object>
            {
                ["stream"] = kind.ToString().ToLowerInvariant(),
                ["streams"] = kind == StreamKind.None ? 0 : options.Streams,
                ["streams_per_member"] = options.StreamsPerMember,
                ["rooms"] = rooms.Count,
                ["members_per_room"] = rooms.Count == 0 ? 0 : rooms.Max(r => r.Members.Length),
                ["rate_per_s"] = options.MessagesPerSecond,
                ["duration_s"] = duration.TotalSeconds,
                ["warmup_s"] = options.Warmup.TotalSeconds,
                ["grace_s"] = options.Grace.TotalSeconds,
                ["max_in_flight"] = options.MaxInFlight,
            },
            results);
    }

    private async Task<List<StreamRoom>> OpenRoomsAsync(UserSession?[] users, int roomCount, CancellationToken ct)
    {
        var members = users.OfType<UserSession>().ToArray();
        var rooms = new ConcurrentBag<StreamRoom>();
        await ScenarioContext.ForEachAsync(Enumerable.Range(0, roomCount), async (r, token) =>
        {
            var group = members.Where((_, i) => i % roomCount == r).ToArray();
            if (group.Length < 2)
            {
                return;
            }

            var owner = group[0];
            var result = group.Length == 2
                ? await context.Api.OpenDirectRoomAsync("setup_room", owner.Token, group[1].Id, token)
                : await context.Api.CreateGroupAsync("setup_room", owner.Token, $"load {context.RunId} {r}", group.Skip(1).Select(u => u.Id), token);
            if (result.Ok)
            {
                rooms.Add(new StreamRoom(result.Id, group));
            }
        }, ct);

        return rooms.Count > 0 ? [.. rooms.OrderBy(r => r.Id)] : throw new InvalidOperationException("No room could be opened; is the system up?");
    }

    /// <summary>Opens one stream and waits for its <c>connected</c> frame, so a message sent later is owed to it.</summary>
    private async Task OpenStreamAsync(StreamRoom room, UserSession member, CancellationToken stop)
    {
        var response = kind == StreamKind.User
            ? await context.Streams.OpenUserStreamAsync("setup_stream", member.Token, stop)
            : await context.Streams.OpenStreamAsync("setup_stream", member.Token, room.Id, stop);
        if (response is null)
        {
            return;
        }

        var streamId = Interlocked.Increment(ref _nextStreamId);
        var connected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _readers.Add(ReadStreamAsync(response, streamId, member.Id, connected, stop));
        var ok = await connected.Task.WaitAsync(ConnectedDeadline, stop).ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default);
        if (!ok)
        {
            Interlocked.Increment(ref _streamsNotConnected);
            return;
        }

        lock (room.StreamIds)
        {
            room.StreamIds.Add(streamId);
        }
    }

    /// <summary>Reads one stream; it counts as connected only when its first frame is <c>connected</c> naming its own user.</summary>
    private async Task ReadStreamAsync(HttpResponseMessage response, int streamId, long userId, TaskCompletionSource<bool> connected, CancellationToken stop)
    {
        using var owned = response;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            await foreach (var frame in SseParser.ReadAsync(reader, stop))
            {
                if (!connected.Task.IsCompleted)
                {
                    connected.TrySetResult(StreamFrames.ReadConnectedUserId(frame) == userId);
                    continue;
                }

                if (StreamFrames.ReadNewMessage(frame) is not { } message)
                {
                    continue;
                }

                Volatile.Write(ref _lastFrameAt, Stopwatch.GetTimestamp());
                var (outcome, latency) = _ledger.Observe(streamId, message.MessageId, message.ClientMessageId, Stopwatch.GetTimestamp());
                if (outcome == DeliveryOutcome.Delivered)
                {
                    context.Recorder.Record(StepRecorder.Delivery, latency, succeeded: true);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // Cancelled at the end of the run, or the stream broke: missing copies show up as losses.
        }

        connected.TrySetResult(false);
        if (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _streamsEndedEarly);
        }
    }

    /// <summary>
    /// Sends at the scenario's rate for <paramref name="length"/> without measuring, so the server runs optimised code
    /// when the measured window starts; waits for every warm-up send. Past <c>--max-in-flight</c> a due send is skipped.
    /// Returns the sends answered 201, and the others with the skipped ones.
    /// </summary>
    private async Task<(long Sent, long Failed)> WarmUpAsync(List<StreamRoom> rooms, TimeSpan length, CancellationToken ct)
    {
        if (length <= TimeSpan.Zero || context.Options.MessagesPerSecond <= 0)
        {
            return (0, 0);
        }

        var schedule = new OpenLoopSchedule(context.Options.MessagesPerSecond, length);
        var sends = new List<Task<bool>>();
        var inFlight = 0;
        long skipped = 0;
        var start = Stopwatch.GetTimestamp();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        for (long issued = 0; issued < schedule.Total && await tick.WaitForNextTickAsync(ct);)
        {
            for (var due = schedule.DueBy(Stopwatch.GetElapsedTime(start)); issued < due; issued++)
            {
                var room = rooms[(int)(issued % rooms.Count)];
                var sender = room.Members[(int)(issued / rooms.Count % room.Members.Length)];
                if (Volatile.Read(ref inFlight) >= context.Options.MaxInFlight)
                {
                    skipped++;
                    continue;
                }

                Interlocked.Increment(ref inFlight);
                var key = $"{DeliveryLedger.WarmupPrefix}{context.RunId}-{issued}";
                sends.Add(context.Api.SendMessageAsync(StepRecorder.SetupPrefix + "warmup_send", sender.Token, room.Id, $"load {key}", key, ct).ContinueWith(
                    t =>
                    {
                        Interlocked.Decrement(ref inFlight);
                        return t.IsCompletedSuccessfully && t.Result.Ok;
                    }, TaskScheduler.Default));
            }
        }

        var results = await Task.WhenAll(sends);
        var sent = results.LongCount(ok => ok);
        return (sent, results.Length - sent + skipped);
    }

    /// <summary>Starts every message at its due time without waiting for earlier ones; past the in-flight cap a message is skipped and counted.</summary>
    private async Task<(TimeSpan Elapsed, long Skipped)> SendOnScheduleAsync(List<StreamRoom> rooms, OpenLoopSchedule schedule, CancellationToken ct)
    {
        var sends = new List<Task>();
        long issued = 0;
        long skipped = 0;
        var inFlight = 0;
        var start = Stopwatch.GetTimestamp();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        while (issued < schedule.Total && await tick.WaitForNextTickAsync(ct))
        {
            for (var due = schedule.DueBy(Stopwatch.GetElapsedTime(start)); issued < due; issued++)
            {
                if (Volatile.Read(ref inFlight) >= context.Options.MaxInFlight)
                {
                    skipped++;
                    continue;
                }

                Interlocked.Increment(ref inFlight);
                var dueAt = start + (long)(schedule.DueAt(issued).TotalSeconds * Stopwatch.Frequency);
                sends.Add(SendOneAsync(rooms, issued, dueAt, ct).ContinueWith(_ => Interlocked.Decrement(ref inFlight), TaskScheduler.Default));
            }
        }

        await Task.WhenAll(sends);
        return (Stopwatch.GetElapsedTime(start), skipped);
    }

    private async Task SendOneAsync(List<StreamRoom> rooms, long index, long dueAt, CancellationToken ct)
    {
        var room = rooms[(int)(index % rooms.Count)];
        var sender = room.Members[(int)(index / rooms.Count % room.Members.Length)];
        var key = $"{context.RunId}-{index}";
        int[] streams;
        lock (room.StreamIds)
        {
            streams = [.. room.StreamIds];
        }

        _ledger.Plan(key, dueAt, streams);
        var result = await context.Api.SendMessageAsync("send_message", sender.Token, room.Id, $"load {key}", key, ct);
        var answeredAt = Stopwatch.GetTimestamp();
        context.Recorder[StepRecorder.SendFromSchedule].Add(
            new Sample(answeredAt, Stopwatch.GetElapsedTime(dueAt, answeredAt).TotalMilliseconds, result.Ok), result.Status);
        _ledger.Settle(key, result.Ok);
    }

    private sealed class StreamRoom(long id, UserSession[] members)
    {
        public long Id => id;

        public UserSession[] Members => members;

        public List<int> StreamIds { get; } = [];
    }
}
