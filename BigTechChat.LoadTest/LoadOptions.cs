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
          fanout        S open event streams over R rooms, M messages/s in; send->receive latency and losses.

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
        fanout:
          --streams S               open streams in all (default 200)
          --rooms R                 rooms; S/R members each, every member holds one stream (default 20)
          --rate M                  messages per second sent, spread over the rooms (default 100; 0 = idle streams)
          --streams-per-member K    streams each member holds, so many streams need fewer users (default 1)
          --metrics-url URL         a service's Prometheus /metrics (e.g. the chat service's); its memory figures
                                    are reported before and after the streams open
          --duration D              seconds of sending (default 20)

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

    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    public int SmallRoomMessages { get; set; } = 1000;

    public int BigRoomMessages { get; set; } = 20000;

    public int HistoryReads { get; set; } = 200;

    public int Streams { get; set; } = 200;

    public int Rooms { get; set; } = 20;

    public double MessagesPerSecond { get; set; } = 100;

    public int StreamsPerMember { get; set; } = 1;

    public Uri? MetricsUrl { get; set; }

    /// <summary>Users the fan-out creates: every one of them holds <see cref="StreamsPerMember"/> streams.</summary>
    public int FanoutMembers => Streams / StreamsPerMember;

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
                case "original" or "login-storm" or "messaging" or "fanout":
                    options.Scenario = flag;
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
                case "--rate":
                    options.MessagesPerSecond = NonNegativeDouble(flag, Next());
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{flag}'. See --help.");
            }
        }

        if (options.Scenario is not ("original" or "login-storm" or "messaging" or "fanout"))
        {
            throw new ArgumentException($"Unknown scenario '{options.Scenario}'. See --help.");
        }

        if (options.Scenario == "fanout" && options.FanoutMembers < 2 * options.Rooms)
        {
            throw new ArgumentException("--streams / --streams-per-member must be at least twice --rooms (every room needs two members).");
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
