using System.Globalization;
using BigTechChat.LoadTest.Api;
using BigTechChat.LoadTest.Measurement;
using BigTechChat.LoadTest.Scenarios;
using BigTechChat.ServiceDefaults.Limits;

namespace BigTechChat.LoadTest;

/// <summary>Builds the HTTP clients once and runs the chosen scenario.</summary>
public static class LoadRunner
{
    /// <summary>
    /// The tool's open-file limit after raising the soft limit to the hard one (every stream is a socket, so holding
    /// 10,000 streams needs more than the usual 1,024), as <c>soft/hard</c>; "unknown" where the platform has none.
    /// </summary>
    public static string DescriptorLimitText { get; } = DescriptorLimit.RaiseSoftLimit() is { } limit
        ? string.Create(CultureInfo.InvariantCulture, $"{limit.Soft}/{limit.Hard}")
        : "unknown";

    public static async Task<Dictionary<string, object>> RunAsync(LoadOptions options, CancellationToken ct)
    {
        _ = DescriptorLimitText;
        // Every virtual user and every open stream holds its own HTTP/1.1 connection; the default pool would queue them.
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            // Streams are idle for long stretches (a ping every 15 s); the lifetime must not recycle them mid-run.
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.BaseUrl, Timeout = options.RequestTimeout };
        using var streamHttp = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        var recorder = new StepRecorder();
        var context = new ScenarioContext(options, new ChatApiClient(http, recorder), new ChatApiClient(streamHttp, recorder));
        var report = options.Scenario switch
        {
            "original" => await new OriginalScenario(context).RunAsync(ct),
            "login-storm" => await new LoginStormScenario(context).RunAsync(ct),
            "messaging" => await new MessagingScenario(context).RunAsync(ct),
            "fanout" => await new StreamScenario(context, StreamKind.Room).RunAsync(ct),
            "user-streams" => await new StreamScenario(context, StreamKind.User).RunAsync(ct),
            "send-rate" => await new StreamScenario(context, StreamKind.None).RunAsync(ct),
            "history" => await new HistoryScenario(context).RunAsync(ct),
            "fill-room" => await new FillRoomCommand(context).RunAsync(ct),
            _ => throw new ArgumentException($"Unknown scenario '{options.Scenario}'."),
        };
        return report;
    }
}
