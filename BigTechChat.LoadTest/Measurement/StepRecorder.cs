using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace BigTechChat.LoadTest.Measurement;

/// <summary>One sample: when it completed (<see cref="Stopwatch"/> ticks), how long it took (ms), whether it succeeded.</summary>
public readonly record struct Sample(long CompletedAt, double Milliseconds, bool Succeeded);

/// <summary>Thread-safe samples of one named step (a request kind, or a derived latency such as send→receive).</summary>
public sealed class StepSamples
{
    private readonly List<Sample> _samples = [];
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private readonly ConcurrentDictionary<int, long> _errorStatuses = new();
    private long _errors;

    /// <summary>Status 0 means no HTTP answer at all (refused, reset, timed out).</summary>
    public void Add(double milliseconds, bool succeeded, int? status = null) =>
        Add(new Sample(Stopwatch.GetTimestamp(), milliseconds, succeeded), status);

    public void Add(Sample sample, int? status = null)
    {
        if (status is { } code)
        {
            _statuses.AddOrUpdate(code, 1, (_, n) => n + 1);
            if (!sample.Succeeded)
            {
                _errorStatuses.AddOrUpdate(code, 1, (_, n) => n + 1);
            }
        }

        lock (_samples)
        {
            _samples.Add(sample);
        }

        if (!sample.Succeeded)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>How often each status came back, so errors say what they were (429s, 5xx, timeouts).</summary>
    public SortedDictionary<string, long> StatusCounts() => Counts(_statuses);

    /// <summary>The statuses of the failed samples only (0 = no HTTP answer).</summary>
    public SortedDictionary<string, long> ErrorStatusCounts() => Counts(_errorStatuses);

    public double[] Snapshot()
    {
        lock (_samples)
        {
            return [.. _samples.Select(s => s.Milliseconds)];
        }
    }

    public Sample[] Samples()
    {
        lock (_samples)
        {
            return [.. _samples];
        }
    }

    private static SortedDictionary<string, long> Counts(ConcurrentDictionary<int, long> counts) =>
        new(counts.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value), StringComparer.Ordinal);
}

/// <summary>Every step of a run, in the order steps first appeared, plus the run's wall-clock window.</summary>
public sealed class StepRecorder
{
    /// <summary>Steps that prepare a run (users, rooms) are reported but left out of the totals.</summary>
    public const string SetupPrefix = "setup_";

    /// <summary>Send→receive on a stream, timed from the message's scheduled send time.</summary>
    public const string Delivery = "delivery";

    /// <summary>Scheduled send time → answer: the send latency including any queueing in the tool (open-loop runs).</summary>
    public const string SendFromSchedule = "send_from_schedule";

    /// <summary>Latencies derived from other samples, not requests: reported, left out of the request totals.</summary>
    public static readonly IReadOnlyList<string> DerivedSteps = [Delivery, SendFromSchedule];

    private readonly ConcurrentDictionary<string, StepSamples> _steps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Where second 0 of the per-second series is; setup before it is not in the series.</summary>
    public long MeasurementStart { get; private set; } = Stopwatch.GetTimestamp();

    public StepSamples this[string step] => _steps.GetOrAdd(step, name =>
    {
        _order.Enqueue(name);
        return new StepSamples();
    });

    public void Record(string step, TimeSpan elapsed, bool succeeded, int? status = null) =>
        this[step].Add(elapsed.TotalMilliseconds, succeeded, status);

    /// <summary>Setup is over: from here on the per-second series count.</summary>
    public void StartMeasurement() => MeasurementStart = Stopwatch.GetTimestamp();

    public IReadOnlyList<string> StepNames => _order.Distinct().ToList();

    /// <summary>
    /// k6-like JSON: per step the latency figures plus request and error counts, the totals with errors by status,
    /// and per measured step a per-second series (<see cref="PerSecondSeries"/>) so a reader sees whether a rate held.
    /// </summary>
    public Dictionary<string, object> Summarize(TimeSpan duration, IEnumerable<string>? excludedFromTotals = null)
    {
        var excluded = new HashSet<string>(excludedFromTotals ?? DerivedSteps, StringComparer.Ordinal);
        var steps = new Dictionary<string, object>();
        var perSecond = new Dictionary<string, object>();
        var errorStatuses = new SortedDictionary<string, long>(StringComparer.Ordinal);
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
            if (name.StartsWith(SetupPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            perSecond[name] = PerSecondSeries.From(samples.Samples(), MeasurementStart).Select(s => s.ToJson()).ToList();
            if (!excluded.Contains(name))
            {
                all.AddRange(durations);
                errors += samples.Errors;
                foreach (var (status, count) in samples.ErrorStatusCounts())
                {
                    errorStatuses[status] = errorStatuses.GetValueOrDefault(status) + count;
                }
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
                ["errors_by_status"] = errorStatuses,
                ["error_rate"] = all.Count == 0 ? 0 : Math.Round((double)errors / all.Count, 4),
                ["requests_per_s"] = Math.Round(all.Count / seconds, 2),
                ["duration_s"] = Math.Round(duration.TotalSeconds, 2),
                ["http_req_duration"] = LatencySummary.From(all).ToJson(),
            },
            ["per_second"] = perSecond,
        };
    }
}
