using System.Diagnostics;
using BigTechChat.LoadTest.Api;
using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>What every scenario shares: the options, the timed API client, and a run id that keeps names unique.</summary>
public sealed class ScenarioContext(LoadOptions options, ChatApiClient api, ChatApiClient streams)
{
    private const int SetupParallelism = 16;

    public LoadOptions Options => options;

    public ChatApiClient Api => api;

    /// <summary>The same API over a client without a timeout, for event streams that stay open.</summary>
    public ChatApiClient Streams => streams;

    public StepRecorder Recorder => api.Recorder;

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..6];

    /// <summary>The tool's own CPU since the measurement started (the whole run when a scenario does not mark it).</summary>
    public ProcessCpu Cpu { get; } = new();

    /// <summary>Wall-clock start of the measured phase (after setup), for the report's <c>started_at</c>.</summary>
    public DateTime MeasurementStartedAt { get; private set; } = DateTime.UtcNow;

    /// <summary>Setup is done: per-second series, the tool's CPU and <c>started_at</c> count from here.</summary>
    public void StartMeasurement()
    {
        Recorder.StartMeasurement();
        Cpu.Restart();
        MeasurementStartedAt = DateTime.UtcNow;
    }

    /// <summary>Runs <paramref name="work"/> over <paramref name="items"/> with the setup's parallelism.</summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, ValueTask> work, CancellationToken ct) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = ct }, work);

    /// <summary>Registers and logs in <paramref name="count"/> users; failures leave a null slot (and an error count).</summary>
    public async Task<UserSession?[]> CreateSessionsAsync(int count, string label, CancellationToken ct)
    {
        var sessions = new UserSession?[count];
        await ForEachAsync(Enumerable.Range(0, count),
            async (i, token) => sessions[i] = await api.CreateSessionAsync(ChatApiClient.UniqueUser(RunId, $"{label}{i}"), token), ct);
        return sessions;
    }

    /// <summary>Runs <paramref name="work"/> on <paramref name="workers"/> loops until the duration is over.</summary>
    public static async Task<TimeSpan> RunForAsync(int workers, TimeSpan duration, Func<int, CancellationToken, Task> work, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(duration);
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, workers).Select(async worker =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await work(worker, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
            }
        });
        await Task.WhenAll(loops);
        return Stopwatch.GetElapsedTime(started);
    }

    public Dictionary<string, object> Report(string scenario, TimeSpan duration, Dictionary<string, object> settings, Dictionary<string, object>? results = null)
    {
        var summary = Recorder.Summarize(duration);
        var report = new Dictionary<string, object>
        {
            ["scenario"] = scenario,
            ["base_url"] = options.BaseUrl.ToString(),
            ["started_at"] = MeasurementStartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["settings"] = settings,
            ["load_tool_cpu"] = Cpu.Read(),
        };
        if (results is not null)
        {
            report["results"] = results;
        }

        foreach (var (key, value) in summary)
        {
            report[key] = value;
        }

        return report;
    }
}
