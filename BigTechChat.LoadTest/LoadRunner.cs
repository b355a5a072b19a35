using BigTechChat.LoadTest.Api;
using BigTechChat.LoadTest.Measurement;
using BigTechChat.LoadTest.Scenarios;

namespace BigTechChat.LoadTest;

/// <summary>Builds the HTTP clients once and runs the chosen scenario.</summary>
public static class LoadRunner
{
    public static async Task<Dictionary<string, object>> RunAsync(LoadOptions options, CancellationToken ct)
    {
        // Every virtual user and every open stream holds its own connection; the default pool would queue them.
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 100_000,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.BaseUrl, Timeout = options.RequestTimeout };
        using var streamHttp = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        var recorder = new StepRecorder();
        var context = new ScenarioContext(options, new ChatApiClient(http, recorder), new ChatApiClient(streamHttp, recorder));
        return options.Scenario switch
        {
            "original" => await new OriginalScenario(context).RunAsync(ct),
            "login-storm" => await new LoginStormScenario(context).RunAsync(ct),
            "messaging" => await new MessagingScenario(context).RunAsync(ct),
            "fanout" => await new FanoutScenario(context).RunAsync(ct),
            _ => throw new ArgumentException($"Unknown scenario '{options.Scenario}'."),
        };
    }
}
