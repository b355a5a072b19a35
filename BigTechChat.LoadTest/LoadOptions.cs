using System.Globalization;
using System.Net;

namespace BigTechChat.LoadTest;

/// <summary>Command-line flags; every value has the default of DESIGN.md §7.</summary>
public sealed class LoadOptions
{
    public const string Usage = """
        BigTech Chat load tool (DESIGN.md §7). Talks HTTP to a running gateway or service.

        Usage: BigTechChat.LoadTest scenario <name> [flags]
               BigTechChat.LoadTest --help

        Scenarios:
          original      the original k6 scenario: per VU register A and B, log both in (form), profile, search,
                        friend request, accept, open the direct room, 5 messages 0.1 s apart, read the room;
                        think times 0.3/0.3/0.2/0.2/0.3/0.3/0.2/0.2/0.5 s; ramping VUs.
          login-storm   C workers log in back to back for D seconds while one loop measures GET /api/profile/me.
          messaging     users created first; C workers send without think time for D seconds; then history reads
                        of the newest page in a small room vs a big room.
          fanout        S open room streams (GET /api/messages/stream/{room}) over R rooms, M messages/s in on an
                        open-loop schedule; send->receive latency per copy, lost and duplicate copies.
          user-streams  the same with one per-user stream (GET /api/events/stream) per client, rooms of --group-size.
          send-rate     sends at a fixed rate over --rooms direct rooms, no streams open.
          history       a small and a big room filled straight in the chat database, then newest / before_seq /
                        after_seq pages of each read through the API; big-to-small ratios.
          fill-room     append --messages messages to room --room straight in the chat database.

        Common flags:
          --base-url URL            target (default http://localhost:8000); must be a loopback address
          --output FILE             also write the JSON summary to FILE
          --timeout SECONDS         per-request timeout (default 60)
        original:
          --vus N                   peak virtual users (default 50)
          --ramp-up SECONDS         (default 10)   --hold SECONDS (default 60)   --ramp-down SECONDS (default 10)
          --no-think                skip the think times (the scenario is otherwise unchanged)
        login-storm:
          --concurrency C           concurrent login workers (default 50)
          --duration D              seconds (default 30)
          --probe-interval MS       pause between profile probes (default 50)
        messaging:
          --concurrency C           concurrent senders, one direct room each (default 20)
          --duration D              seconds of sending (default 30)
          --small-room-messages N   messages in the small room (default 1000)
          --big-room-messages N     messages in the big room (default 20000)
          --history-reads N         newest-page reads per room (default 200)
        fanout, user-streams, send-rate:
          --streams S               open streams in all (default 200)
          --rooms R                 rooms; S/R members each, every member holds one stream (default 20)
          --group-size G            members per room instead of --rooms (2 = direct rooms)
          --rate M                  messages per second sent, round-robin over the rooms (default 100; 0 = idle)
          --streams-per-member K    streams each member holds, so many streams need fewer users (default 1)
          --grace SECONDS           wait after the last send for copies still on their way (default 10)
          --warmup SECONDS          send at --rate for this long before measuring, so the server's JIT has tiered
                                    up (its first ~20 s under load run unoptimised code; default 0)
          --max-in-flight N         sends outstanding at once; past it a due send is skipped and counted (default 10000)
          --metrics-url URL         a service's Prometheus /metrics (e.g. the chat service's); its memory figures
                                    are reported before and after the streams open
          --server-pid PID          the chat process: its RSS before and after, and RSS growth per stream
          --duration D              seconds of sending (default 20)
        history, fill-room:
          --chat-sqlite PATH        the chat service's SQLite file (embedded: data/chat.db)
          --chat-mysql CONNSTR      or its MySQL/MariaDB connection string (local topology: chatdb)
          --small-room-messages N   history: messages in the small room (default 1000)
          --big-room-messages N     history: messages in the big room (default 1000000)
          --history-reads N         history: reads of each page kind per room (default 200)
          --room ID  --messages N   fill-room: the room and how many messages to append (default 1000000)

        Login steps are rate-limited at the gateway (10/min per IP): run it with RateLimiting__Enabled=false.
        Every run is bounded: users, streams and messages are counted up front and each phase has a deadline.
        """;

    public string Scenario { get; set; } = "original";

    public Uri BaseUrl { get; set; } = new("http://localhost:8000");

    public string? OutputFile { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public int VirtualUsers { get; set; } = 50;

    public TimeSpan RampUp { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Hold { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan RampDown { get; set; } = TimeSpan.FromSeconds(10);

    public bool ThinkTimes { get; set; } = true;

    public int? Concurrency { get; set; }

    public TimeSpan? Duration { get; set; }

    /// <summary>Seconds of unmeasured sending at the scenario's rate before the measured window (fanout, user-streams, send-rate).</summary>
    public TimeSpan Warmup { get; set; } = TimeSpan.Zero;

    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    public int SmallRoomMessages { get; set; } = 1000;

    /// <summary>Messages in the big room (<c>messaging</c>: default 20,000; <c>history</c>, <c>fill-room</c>: 1,000,000).</summary>
    public int? BigRoomMessages { get; set; }

    public int HistoryReads { get; set; } = 200;

    public int Streams { get; set; } = 200;

    public int Rooms { get; set; } = 20;

    public double MessagesPerSecond { get; set; } = 100;

    public int StreamsPerMember { get; set; } = 1;

    public Uri? MetricsUrl { get; set; }

    public int? GroupSize { get; set; }

    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxInFlight { get; set; } = 10_000;

    public int? ServerPid { get; set; }

    public string? ChatSqlitePath { get; set; }

    public string? ChatMySqlConnection { get; set; }

    public long? RoomId { get; set; }

    /// <summary>Users the fan-out creates: every one of them holds <see cref="StreamsPerMember"/> streams.</summary>
    public int FanoutMembers => Streams / StreamsPerMember;

    /// <summary>Rooms of the stream scenarios: <c>--group-size</c> members each when given, else <c>--rooms</c>.</summary>
    public int FanoutRooms => GroupSize is { } size ? Math.Max(1, FanoutMembers / size) : Rooms;

    public static readonly IReadOnlyList<string> Scenarios =
        ["original", "login-storm", "messaging", "fanout", "user-streams", "send-rate", "history", "fill-room"];

    private static readonly string[] StreamScenarios = ["fanout", "user-streams"];

    public bool ShowHelp { get; private set; }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value");
            int Count() => PositiveInt(flag, Next());
            TimeSpan Seconds() => TimeSpan.FromSeconds(NonNegativeDouble(flag, Next()));
            switch (flag)
            {
                case "-h" or "--help" or "help":
                    options.ShowHelp = true;
                    break;
                case "scenario":
                    options.Scenario = Next();
                    break;
                case var name when Scenarios.Contains(name):
                    options.Scenario = name;
                    break;
                case "--base-url":
                    options.BaseUrl = LoopbackUri(Next());
                    break;
                case "--output":
                    options.OutputFile = Next();
                    break;
                case "--timeout":
                    options.RequestTimeout = Seconds();
                    break;
                case "--vus":
                    options.VirtualUsers = Count();
                    break;
                case "--ramp-up":
                    options.RampUp = Seconds();
                    break;
                case "--hold":
                    options.Hold = Seconds();
                    break;
                case "--ramp-down":
                    options.RampDown = Seconds();
                    break;
                case "--no-think":
                    options.ThinkTimes = false;
                    break;
                case "--concurrency":
                    options.Concurrency = Count();
                    break;
                case "--duration":
                    options.Duration = Seconds();
                    break;
                case "--warmup":
                    options.Warmup = TimeSpan.FromSeconds(NonNegativeDouble(flag, Next()));
                    break;
                case "--probe-interval":
                    options.ProbeInterval = TimeSpan.FromMilliseconds(NonNegativeDouble(flag, Next()));
                    break;
                case "--small-room-messages":
                    options.SmallRoomMessages = Count();
                    break;
                case "--big-room-messages":
                    options.BigRoomMessages = Count();
                    break;
                case "--history-reads":
                    options.HistoryReads = Count();
                    break;
                case "--streams":
                    options.Streams = Count();
                    break;
                case "--rooms":
                    options.Rooms = Count();
                    break;
                case "--streams-per-member":
                    options.StreamsPerMember = Count();
                    break;
                case "--metrics-url":
                    options.MetricsUrl = LoopbackUri(Next());
                    break;
                case "--group-size":
                    options.GroupSize = Count();
                    break;
                case "--grace":
                    options.Grace = Seconds();
                    break;
                case "--max-in-flight":
                    options.MaxInFlight = Count();
                    break;
                case "--server-pid":
                    options.ServerPid = Count();
                    break;
                case "--chat-sqlite":
                    options.ChatSqlitePath = Next();
                    break;
                case "--chat-mysql":
                    options.ChatMySqlConnection = Next();
                    break;
                case "--room":
                    options.RoomId = Count();
                    break;
                case "--messages":
                    options.BigRoomMessages = Count();
                    break;
                case "--rate":
                    options.MessagesPerSecond = NonNegativeDouble(flag, Next());
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{flag}'. See --help.");
            }
        }

        if (!Scenarios.Contains(options.Scenario))
        {
            throw new ArgumentException($"Unknown scenario '{options.Scenario}'. See --help.");
        }

        if (StreamScenarios.Contains(options.Scenario) && options.FanoutMembers < 2 * options.FanoutRooms)
        {
            throw new ArgumentException("--streams / --streams-per-member must be at least twice --rooms (every room needs two members).");
        }

        if (options.GroupSize is < 2 or > 100)
        {
            throw new ArgumentException("--group-size must be 2 (direct rooms) to 100 (API.md §5: groups of 2–100 members).");
        }

        if (options.Scenario is "history" or "fill-room" && (options.ChatSqlitePath is null) == (options.ChatMySqlConnection is null))
        {
            throw new ArgumentException($"{options.Scenario} writes to the chat database: give exactly one of --chat-sqlite PATH or --chat-mysql CONNSTR.");
        }

        if (options.Scenario == "fill-room" && options.RoomId is null)
        {
            throw new ArgumentException("fill-room needs --room ID.");
        }

        return options;
    }

    /// <summary>The tool generates load; it may only aim at this machine.</summary>
    public static Uri LoopbackUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--base-url '{value}' is not an http(s) URL.");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        return loopback ? uri : throw new ArgumentException($"--base-url '{value}' is not a loopback address.");
    }

    private static int PositiveInt(string flag, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{flag} needs a positive whole number, not '{value}'.");

    private static double NonNegativeDouble(string flag, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && double.IsFinite(n)
            ? n
            : throw new ArgumentException($"{flag} needs a non-negative number, not '{value}'.");
}
