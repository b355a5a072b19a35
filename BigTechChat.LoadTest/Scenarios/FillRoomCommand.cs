using System.Diagnostics;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>
/// <c>fill-room</c>: appends <c>--messages</c> messages to an existing room <c>--room</c> straight in the chat database
/// (<see cref="Store.HistoryFill"/>), for benchmarks run by hand against a room of that size.
/// </summary>
public sealed class FillRoomCommand(ScenarioContext context)
{
    public async Task<Dictionary<string, object>> RunAsync(CancellationToken ct)
    {
        var options = context.Options;
        var room = options.RoomId ?? throw new InvalidOperationException("fill-room needs --room ID.");
        var count = options.BigRoomMessages ?? HistoryScenario.DefaultBigRoomMessages;
        var fill = HistoryScenario.OpenStore(options);
        var clock = Stopwatch.StartNew();
        var lastSeq = await fill.FillAsync(room, count, new Progress<long>(n => Console.Error.WriteLine($"filled {n:N0} of {count:N0}")), ct);
        return context.Report("fill-room", clock.Elapsed,
            new Dictionary<string, object> { ["room"] = room, ["messages"] = count },
            new Dictionary<string, object>
            {
                ["last_seq"] = lastSeq,
                ["fill_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["rows_per_s"] = Math.Round(count / clock.Elapsed.TotalSeconds),
            });
    }
}
