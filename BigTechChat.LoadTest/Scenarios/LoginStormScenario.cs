using BigTechChat.LoadTest.Api;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>
/// Password hashing saturating the CPU must not starve everything else: C workers log in back to back while
/// one loop keeps asking for a profile, whose latency should stay that of an idle system.
/// </summary>
public sealed class LoginStormScenario(ScenarioContext context)
{
    public async Task<Dictionary<string, object>> RunAsync(CancellationToken ct)
    {
        var options = context.Options;
        var concurrency = options.Concurrency ?? 50;
        var duration = options.Duration ?? TimeSpan.FromSeconds(30);
        var users = Enumerable.Range(0, concurrency).Select(i => ChatApiClient.UniqueUser(context.RunId, $"storm{i}")).ToArray();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (user, token) => await context.Api.RegisterAsync("setup_register", user, token));
        var prober = (await context.CreateSessionsAsync(1, "probe", ct))[0]
            ?? throw new InvalidOperationException("Could not create the probing user; is the system up?");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var probe = ProbeProfileAsync(prober.Token, stop.Token);
        var elapsed = await ScenarioContext.RunForAsync(concurrency, duration,
            (worker, token) => context.Api.LoginAsync("login", users[worker], token), ct);
        await stop.CancelAsync();
        await probe;

        var login = context.Recorder["login"];
        var succeeded = login.Snapshot().Length - login.Errors;
        return context.Report("login-storm", elapsed,
            new Dictionary<string, object>
            {
                ["concurrency"] = concurrency,
                ["duration_s"] = duration.TotalSeconds,
                ["probe_interval_ms"] = options.ProbeInterval.TotalMilliseconds,
            },
            new Dictionary<string, object>
            {
                ["logins"] = succeeded,
                ["logins_per_s"] = Math.Round(succeeded / elapsed.TotalSeconds, 2),
            });
    }

    private async Task ProbeProfileAsync(string token, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await context.Api.ProfileAsync("profile_probe", token, ct);
                await Task.Delay(context.Options.ProbeInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
