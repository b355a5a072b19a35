using System.Diagnostics;
using System.Globalization;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>
/// Send→receive latency through HTTP, the outbox, the bus and the SSE stream (SQLite or MariaDB, in-process bus).
/// A measurement that prints its figures, with a loose bound so it still fails if delivery breaks or stalls.
/// Run: dotnet test BigTechChat.ChatService.Tests --filter StreamLatencyMeasurement --logger "console;verbosity=detailed"
/// </summary>
public sealed class StreamLatencyMeasurement
{
    [Fact]
    public async Task Send_to_receive_latency_on_a_stream()
    {
        await using var chat = new ChatServiceFactory();
        await MeasureAsync(chat, "sqlite");
    }

    [Fact]
    public async Task Send_to_receive_latency_on_a_stream_over_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        await using var chat = new ChatServiceFactory(mysqlConnection: await server.CreateDatabaseAsync("chatlatency"));
        await MeasureAsync(chat, "mariadb");
    }

    private static async Task MeasureAsync(ChatServiceFactory chat, string storage)
    {
        const int count = 300;
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();
        var sender = chat.ClientFor(alice);
        var room = await sender.DirectRoomIdAsync(bob);
        await using var stream = await SseReader.OpenAsync(chat.ClientFor(bob), $"/api/messages/stream/{room}");
        await stream.NextAsync();
        for (var i = 0; i < 20; i++)
        {
            await sender.SendAsync(room, "warm-up");
            await stream.NextOfTypeAsync("new_message");
        }

        // One message in flight at a time: the figure is delivery latency, not queueing behind earlier sends.
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await sender.SendAsync(room, $"lat-{i}");
            var frame = await stream.NextOfTypeAsync("new_message");
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.Equal($"lat-{i}", frame.Json.GetProperty("content").GetString());
        }

        latencies.Sort();
        double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"STREAM LATENCY ({storage}) p50={P(0.50):F1}ms p90={P(0.90):F1}ms p99={P(0.99):F1}ms max={latencies[^1]:F1}ms n={count}"));
        Assert.True(P(0.99) < 2_000, $"p99 {P(0.99)} ms: delivery stalls");
    }
}
