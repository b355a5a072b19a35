using System.Diagnostics;
using BigTechChat.LoadTest.Api;
using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>The original system's k6 script, step for step, with its think times and ramping virtual users.</summary>
public sealed class OriginalScenario(ScenarioContext context)
{
    /// <summary>k6 lets a VU finish its iteration after ramp-down for this long before it is stopped.</summary>
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(30);

    private long _iterations;

    public async Task<Dictionary<string, object>> RunAsync(CancellationToken ct)
    {
        var options = context.Options;
        var schedule = new RampSchedule(options.VirtualUsers, options.RampUp, options.Hold, options.RampDown);
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        hardStop.CancelAfter(schedule.Total + GracefulStop);
        var clock = Stopwatch.StartNew();
        var users = new Task?[options.VirtualUsers];
        var peak = 0;
        while (clock.Elapsed < schedule.Total && !ct.IsCancellationRequested)
        {
            var target = schedule.UsersAt(clock.Elapsed);
            for (var vu = 0; vu < target; vu++)
            {
                if (users[vu] is null || users[vu]!.IsCompleted)
                {
                    var index = vu;
                    users[vu] = Task.Run(() => RunVirtualUserAsync(index, schedule, clock, hardStop.Token), CancellationToken.None);
                }
            }

            peak = Math.Max(peak, users.Count(t => t is { IsCompleted: false }));
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        await Task.WhenAll(users.OfType<Task>());
        return context.Report("original", clock.Elapsed,
            new Dictionary<string, object>
            {
                ["vus"] = options.VirtualUsers,
                ["ramp_up_s"] = options.RampUp.TotalSeconds,
                ["hold_s"] = options.Hold.TotalSeconds,
                ["ramp_down_s"] = options.RampDown.TotalSeconds,
                ["think_times"] = options.ThinkTimes,
            },
            new Dictionary<string, object> { ["iterations"] = Interlocked.Read(ref _iterations), ["vus_max"] = peak });
    }

    private async Task RunVirtualUserAsync(int vu, RampSchedule schedule, Stopwatch clock, CancellationToken ct)
    {
        for (var iteration = 0; schedule.UsersAt(clock.Elapsed) > vu && !ct.IsCancellationRequested; iteration++)
        {
            try
            {
                await IterationAsync($"v{vu}i{iteration}", ct);
                Interlocked.Increment(ref _iterations);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task IterationAsync(string name, CancellationToken ct)
    {
        var api = context.Api;
        var a = ChatApiClient.UniqueUser(context.RunId, name + "a");
        var b = ChatApiClient.UniqueUser(context.RunId, name + "b");

        var registeredA = await api.RegisterAsync("register", a, ct);
        var registeredB = await api.RegisterAsync("register", b, ct);
        await ThinkAsync(0.3, ct);
        if (!registeredA.Ok || !registeredB.Ok)
        {
            return;
        }

        var tokenA = await api.LoginAsync("login", a, ct);
        var tokenB = await api.LoginAsync("login", b, ct);
        await ThinkAsync(0.3, ct);
        if (tokenA is null || tokenB is null)
        {
            return;
        }

        await api.ProfileAsync("profile", tokenA, ct);
        await ThinkAsync(0.2, ct);
        await api.SearchAsync("search", tokenA, b.Username, ct);
        await ThinkAsync(0.2, ct);
        await api.FriendRequestAsync("friend_request", tokenA, registeredB.Id, ct);
        await ThinkAsync(0.3, ct);
        await api.AcceptAsync("friend_accept", tokenB, registeredA.Id, ct);
        await ThinkAsync(0.3, ct);
        var room = await api.OpenDirectRoomAsync("chat_room", tokenA, registeredB.Id, ct);
        await ThinkAsync(0.2, ct);
        if (!room.Ok)
        {
            return;
        }

        for (var i = 1; i <= 5; i++)
        {
            await api.SendMessageAsync("send_message", tokenA, room.Id, $"Load test message {i} from {a.Username}", null, ct);
            await Task.Delay(TimeSpan.FromSeconds(0.1), ct);
        }

        await ThinkAsync(0.2, ct);
        await api.ReadMessagesAsync("read_messages", tokenA, room.Id, 50, ct);
        await ThinkAsync(0.5, ct);
    }

    private Task ThinkAsync(double seconds, CancellationToken ct) =>
        context.Options.ThinkTimes ? Task.Delay(TimeSpan.FromSeconds(seconds), ct) : Task.CompletedTask;
}
