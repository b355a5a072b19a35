using System.Diagnostics;
using System.Globalization;
using BigTechChat.LoadTest.Measurement;
using BigTechChat.LoadTest.Store;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>
/// History reads of a big room against a small one (issue 10 target 6): both rooms are created through the API and
/// filled straight in the chat database (<see cref="HistoryFill"/>), then three page kinds are read alternately through
/// the gateway — the newest page, a page before a seq deep in history, a page after a seq in the middle — and each
/// kind's median and p95 are compared big ÷ small.
/// </summary>
public sealed class HistoryScenario(ScenarioContext context)
{
    public const int DefaultBigRoomMessages = 1_000_000;
    private const int PageSize = 50;
    private const int WarmUpReads = 20;

    public async Task<Dictionary<string, object>> RunAsync(CancellationToken ct)
    {
        var options = context.Options;
        var fill = OpenStore(options);
        var users = await context.CreateSessionsAsync(3, "hist", ct);
        if (users is not [{ } owner, { } smallPeer, { } bigPeer])
        {
            throw new InvalidOperationException("Could not create the history users; is the system up?");
        }

        var small = await context.Api.OpenDirectRoomAsync("setup_room", owner.Token, smallPeer.Id, ct);
        var big = await context.Api.OpenDirectRoomAsync("setup_room", owner.Token, bigPeer.Id, ct);
        if (!small.Ok || !big.Ok)
        {
            throw new InvalidOperationException("Could not open the history rooms.");
        }

        var bigCount = options.BigRoomMessages ?? DefaultBigRoomMessages;
        var fillClock = Stopwatch.StartNew();
        var smallSeq = await fill.FillAsync(small.Id, options.SmallRoomMessages, null, ct);
        var bigSeq = await fill.FillAsync(big.Id, bigCount, new Progress<long>(n => Console.Error.WriteLine($"filled {n:N0} of {bigCount:N0}")), ct);
        var fillTime = fillClock.Elapsed;

        var rooms = new[] { ("small", small.Id, smallSeq), ("big", big.Id, bigSeq) };
        for (var i = 0; i < WarmUpReads; i++)
        {
            foreach (var (_, id, _) in rooms)
            {
                await context.Api.ReadMessagesAsync("setup_warmup", owner.Token, id, PageSize, ct);
            }
        }

        context.StartMeasurement();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.HistoryReads; i++)
        {
            foreach (var (page, query) in Pages)
            {
                foreach (var (size, id, lastSeq) in rooms)
                {
                    await context.Api.ReadHistoryAsync($"history_{size}_{page}", owner.Token, id, query(lastSeq), ct);
                }
            }
        }

        var ratios = new Dictionary<string, object>();
        foreach (var (page, _) in Pages)
        {
            var smallFigures = LatencySummary.From(context.Recorder[$"history_small_{page}"].Snapshot());
            var bigFigures = LatencySummary.From(context.Recorder[$"history_big_{page}"].Snapshot());
            ratios[$"{page}_med_big_to_small"] = Ratio(bigFigures.Med, smallFigures.Med);
            ratios[$"{page}_p95_big_to_small"] = Ratio(bigFigures.P95, smallFigures.P95);
        }

        return context.Report("history", clock.Elapsed,
            new Dictionary<string, object>
            {
                ["small_room_messages"] = options.SmallRoomMessages,
                ["big_room_messages"] = bigCount,
                ["history_reads"] = options.HistoryReads,
                ["page_size"] = PageSize,
            },
            new Dictionary<string, object>
            {
                ["small_room"] = new Dictionary<string, object> { ["id"] = small.Id, ["last_seq"] = smallSeq },
                ["big_room"] = new Dictionary<string, object> { ["id"] = big.Id, ["last_seq"] = bigSeq },
                ["fill_s"] = Math.Round(fillTime.TotalSeconds, 1),
                ["ratios"] = ratios,
            });
    }

    /// <summary>
    /// The page kinds read, each a query for a room whose last seq is given: the newest page, the page before the seq at
    /// a tenth of the history (deep: nine tenths of the room are newer), and the page after the middle seq.
    /// </summary>
    public static readonly IReadOnlyList<(string Page, Func<long, string> Query)> Pages =
    [
        ("newest", _ => Invariant($"limit={PageSize}")),
        ("before_seq", last => Invariant($"limit={PageSize}&before_seq={Math.Max(2, last / 10)}")),
        ("after_seq", last => Invariant($"limit={PageSize}&after_seq={last / 2}")),
    ];

    /// <summary>The store named by <c>--chat-sqlite</c> or <c>--chat-mysql</c>.</summary>
    public static HistoryFill OpenStore(LoadOptions options) =>
        options.ChatSqlitePath is { } path ? HistoryFill.ForSqlite(path)
        : options.ChatMySqlConnection is { } connection ? HistoryFill.ForMySql(connection)
        : throw new InvalidOperationException("The history fill writes to the chat database: give --chat-sqlite PATH or --chat-mysql CONNECTION_STRING.");

    private static double Ratio(double big, double small) => small > 0 ? Math.Round(big / small, 3) : 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
