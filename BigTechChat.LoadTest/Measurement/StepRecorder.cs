using System.Collections.Concurrent;

namespace BigTechChat.LoadTest.Measurement;

/// <summary>Thread-safe samples of one named step (a request kind, or a derived latency such as send→receive).</summary>
public sealed class StepSamples
{
    private readonly List<double> _durations = [];
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private long _errors;

    /// <summary>Status 0 means no HTTP answer at all (refused, reset, timed out).</summary>
    public void Add(double milliseconds, bool succeeded, int? status = null)
    {
        if (status is { } code)
        {
            _statuses.AddOrUpdate(code, 1, (_, n) => n + 1);
        }

        lock (_durations)
        {
            _durations.Add(milliseconds);
        }

        if (!succeeded)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>How often each status came back, so errors say what they were (429s, 5xx, timeouts).</summary>
    public SortedDictionary<string, long> StatusCounts() =>
        new(_statuses.ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value), StringComparer.Ordinal);

    public double[] Snapshot()
    {
        lock (_durations)
        {
            return [.. _durations];
        }
    }
}

/// <summary>Every step of a run, in the order steps first appeared, plus the run's wall-clock window.</summary>
public sealed class StepRecorder
{
    /// <summary>Steps that prepare a run (users, rooms) are reported but left out of the totals.</summary>
    public const string SetupPrefix = "setup_";

    private readonly ConcurrentDictionary<string, StepSamples> _steps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public StepSamples this[string step] => _steps.GetOrAdd(step, name =>
    {
        _order.Enqueue(name);
        return new StepSamples();
    });

    public void Record(string step, TimeSpan elapsed, bool succeeded, int? status = null) =>
        this[step].Add(elapsed.TotalMilliseconds, succeeded, status);

    public IReadOnlyList<string> StepNames => _order.Distinct().ToList();

    /// <summary>k6-like JSON: per step the latency figures plus request and error counts, then the totals.</summary>
    public Dictionary<string, object> Summarize(TimeSpan duration, IEnumerable<string>? excludedFromTotals = null)
    {
        var excluded = new HashSet<string>(excludedFromTotals ?? [], StringComparer.Ordinal);
        var steps = new Dictionary<string, object>();
        var all = new List<double>();
        long errors = 0;
        foreach (var name in StepNames)
        {
            var samples = _steps[name];
            var durations = samples.Snapshot();
            var figures = LatencySummary.From(durations).ToJson();
            figures["count"] = durations.Length;
            figures["errors"] = samples.Errors;
            if (samples.StatusCounts() is { Count: > 0 } statuses)
            {
                figures["statuses"] = statuses;
            }
            steps[name] = figures;
            if (!excluded.Contains(name) && !name.StartsWith(SetupPrefix, StringComparison.Ordinal))
            {
                all.AddRange(durations);
                errors += samples.Errors;
            }
        }

        var seconds = Math.Max(duration.TotalSeconds, 1e-9);
        return new Dictionary<string, object>
        {
            ["steps"] = steps,
            ["totals"] = new Dictionary<string, object>
            {
                ["requests"] = all.Count,
                ["errors"] = errors,
                ["error_rate"] = all.Count == 0 ? 0 : Math.Round((double)errors / all.Count, 4),
                ["requests_per_s"] = Math.Round(all.Count / seconds, 2),
                ["duration_s"] = Math.Round(duration.TotalSeconds, 2),
                ["http_req_duration"] = LatencySummary.From(all).ToJson(),
            },
        };
    }
}
