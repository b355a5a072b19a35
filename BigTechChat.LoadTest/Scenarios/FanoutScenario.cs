using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using BigTechChat.LoadTest.Api;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>
/// S open streams over R rooms, M messages/s in: how long a message takes from the start of its POST until each
/// member's stream has it, and how many deliveries never arrive.
/// </summary>
public sealed class FanoutScenario(ScenarioContext context)
{
    private const int MaxInFlightSends = 256;
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, long> _sentAt = new(StringComparer.Ordinal);
    private long _delivered;
    private long _duplicates;

    public async Task<Dictionary<string, object>> RunAsync(CancellationToken ct)
    {
        var options = context.Options;
        var duration = options.Duration ?? TimeSpan.FromSeconds(20);
        var users = await context.CreateSessionsAsync(options.FanoutMembers, "fan", ct);
        var rooms = await OpenRoomsAsync(users, options.Rooms, ct);
        var memoryBefore = await ServerMemory.ReadAsync(context, ct);

        using var streamsStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var readers = new List<Task>();
        foreach (var room in rooms)
        {
            foreach (var member in room.Members.SelectMany(m => Enumerable.Repeat(m, options.StreamsPerMember)))
            {
                var response = await context.Streams.OpenStreamAsync("setup_stream", member.Token, room.Id, ct);
                if (response is not null)
                {
                    room.OpenStreams++;
                    readers.Add(ReadStreamAsync(response, streamsStop.Token));
                }
            }
        }

        var memoryWithStreams = await ServerMemory.ReadAsync(context, ct);

        var (elapsed, sentPerRoom) = await SendAtRateAsync(rooms, options.MessagesPerSecond, duration, ct);
        var expected = rooms.Sum(room => (long)room.OpenStreams * sentPerRoom[room.Id]);
        var drain = Stopwatch.StartNew();
        while (Interlocked.Read(ref _delivered) < expected && drain.Elapsed < DrainDeadline && !ct.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        await streamsStop.CancelAsync();
        await Task.WhenAll(readers);
        var delivered = Interlocked.Read(ref _delivered);
        var sent = sentPerRoom.Values.Sum();
        return context.Report("fanout", elapsed,
            new Dictionary<string, object>
            {
                ["streams"] = options.Streams,
                ["streams_per_member"] = options.StreamsPerMember,
                ["rooms"] = options.Rooms,
                ["rate_per_s"] = options.MessagesPerSecond,
                ["duration_s"] = duration.TotalSeconds,
            },
            new Dictionary<string, object>
            {
                ["streams_open"] = rooms.Sum(r => r.OpenStreams),
                ["messages_sent"] = sent,
                ["sends_per_s"] = Math.Round(sent / elapsed.TotalSeconds, 2),
                ["deliveries_expected"] = expected,
                ["deliveries_received"] = delivered,
                ["deliveries_lost"] = Math.Max(0, expected - delivered),
                ["duplicates"] = Interlocked.Read(ref _duplicates),
                ["server_memory_before_streams"] = memoryBefore,
                ["server_memory_with_streams"] = memoryWithStreams,
            });
    }

    private async Task<List<FanoutRoom>> OpenRoomsAsync(UserSession?[] users, int roomCount, CancellationToken ct)
    {
        var members = users.OfType<UserSession>().ToArray();
        var rooms = new List<FanoutRoom>();
        for (var r = 0; r < roomCount; r++)
        {
            var group = members.Where((_, i) => i % roomCount == r).ToArray();
            if (group.Length < 2)
            {
                continue;
            }

            var owner = group[0];
            var result = group.Length == 2
                ? await context.Api.OpenDirectRoomAsync("setup_room", owner.Token, group[1].Id, ct)
                : await context.Api.CreateGroupAsync("setup_room", owner.Token, $"fanout {context.RunId} {r}", group.Skip(1).Select(u => u.Id), ct);
            if (result.Ok)
            {
                rooms.Add(new FanoutRoom(result.Id, group));
            }
        }

        return rooms.Count > 0 ? rooms : throw new InvalidOperationException("No room could be opened; is the system up?");
    }

    private async Task<(TimeSpan Elapsed, Dictionary<long, long> SentPerRoom)> SendAtRateAsync(
        List<FanoutRoom> rooms, double perSecond, TimeSpan duration, CancellationToken ct)
    {
        var sentPerRoom = rooms.ToDictionary(r => r.Id, _ => 0L);
        using var inFlight = new SemaphoreSlim(MaxInFlightSends);
        var sends = new List<Task>();
        var clock = Stopwatch.StartNew();
        long issued = 0;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (clock.Elapsed < duration && await tick.WaitForNextTickAsync(ct))
        {
            var due = (long)(clock.Elapsed.TotalSeconds * perSecond);
            for (; issued < due; issued++)
            {
                if (!inFlight.Wait(0))
                {
                    break;
                }

                var room = rooms[(int)(issued % rooms.Count)];
                sends.Add(SendOneAsync(room, sentPerRoom, inFlight, ct));
            }
        }

        await Task.WhenAll(sends);
        return (clock.Elapsed, sentPerRoom);
    }

    private async Task SendOneAsync(FanoutRoom room, Dictionary<long, long> sentPerRoom, SemaphoreSlim inFlight, CancellationToken ct)
    {
        try
        {
            var clientMessageId = Guid.NewGuid().ToString("N");
            _sentAt[clientMessageId] = Stopwatch.GetTimestamp();
            var result = await context.Api.SendMessageAsync("send_message", room.Members[0].Token, room.Id, "Fan-out message", clientMessageId, ct);
            if (result.Ok)
            {
                lock (sentPerRoom)
                {
                    sentPerRoom[room.Id]++;
                }
            }
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task ReadStreamAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var owned = response;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            await foreach (var frame in SseParser.ReadAsync(reader, ct))
            {
                if (frame.Event != "new_message" || ClientMessageId(frame.Data) is not { } id || !_sentAt.TryGetValue(id, out var sentAt))
                {
                    continue;
                }

                if (!seen.Add(id))
                {
                    Interlocked.Increment(ref _duplicates);
                    continue;
                }

                context.Recorder.Record("delivery", Stopwatch.GetElapsedTime(sentAt), succeeded: true);
                Interlocked.Increment(ref _delivered);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // Cancelled at the end of the run, or the stream broke: missing deliveries show up as losses.
        }
    }

    private static string? ClientMessageId(string data)
    {
        try
        {
            using var json = JsonDocument.Parse(data);
            return json.RootElement.TryGetProperty("client_message_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class FanoutRoom(long id, UserSession[] members)
    {
        public long Id => id;

        public UserSession[] Members => members;

        public int OpenStreams { get; set; }
    }
}
