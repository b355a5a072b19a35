using System.Globalization;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>Memory figures from a service's Prometheus text, so a run can say what open streams cost the server.</summary>
public static class ServerMemory
{
    /// <summary>Series that describe process memory, whatever exporter version named them.</summary>
    /// <remarks>The .NET 9+ runtime meter exports the GC heap as <c>dotnet_gc_last_collection_heap_size_bytes</c>.</remarks>
    private static readonly string[] MemorySeries =
        ["working_set", "gc_heap_size", "gc_last_collection_heap_size", "gc_last_collection_memory_committed", "memory_usage"];

    /// <summary>The resident set of <c>--server-pid</c> (Linux <c>/proc/PID/status</c> VmRSS), in bytes.</summary>
    public const string RssSeries = "process_rss_bytes";

    /// <summary>
    /// The memory figures of the server: <see cref="RssSeries"/> when <c>--server-pid</c> is given, and the memory series
    /// of <c>--metrics-url</c> when that is given; empty when neither is.
    /// </summary>
    public static async Task<Dictionary<string, object>> ReadAsync(ScenarioContext context, CancellationToken ct)
    {
        var figures = context.Options.ServerPid is { } pid && ReadRss(pid) is { } rss
            ? new Dictionary<string, object>(StringComparer.Ordinal) { [RssSeries] = rss }
            : [];
        foreach (var (series, value) in await ReadMetricsAsync(context, ct))
        {
            figures[series] = value;
        }

        return figures;
    }

    /// <summary>
    /// What each open stream cost the server: the growth of the process's resident set (<c>--server-pid</c>) or else of
    /// its working set as exported on <c>/metrics</c>, divided by the streams; both include everything else the process
    /// did meanwhile. Null when neither figure was read or no stream is open.
    /// </summary>
    public static Dictionary<string, object>? PerStream(Dictionary<string, object> before, Dictionary<string, object> with, int streams)
    {
        var series = with.Keys.FirstOrDefault(k => k == RssSeries)
            ?? with.Keys.FirstOrDefault(k => k.Contains("working_set", StringComparison.Ordinal));
        if (streams <= 0 || series is null || !before.TryGetValue(series, out var first) || with[series] is not double after || first is not double baseline)
        {
            return null;
        }

        return new Dictionary<string, object>
        {
            ["series"] = series,
            ["bytes_per_stream"] = Math.Round((after - baseline) / streams),
        };
    }

    /// <summary>VmRSS of a Linux process in bytes; null where /proc is missing or the process is gone.</summary>
    public static double? ReadRss(int pid)
    {
        try
        {
            return ParseVmRss(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The <c>VmRSS:  123456 kB</c> line of <c>/proc/PID/status</c>, in bytes.</summary>
    public static double? ParseVmRss(string status)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var parts = line?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return parts is [_, var kilobytes, "kB"] && double.TryParse(kilobytes, NumberStyles.Float, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }

    private static async Task<Dictionary<string, object>> ReadMetricsAsync(ScenarioContext context, CancellationToken ct)
    {
        if (context.Options.MetricsUrl is not { } url)
        {
            return [];
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var text = await context.Streams.GetTextAsync(url, timeout.Token);
            return text is null ? [] : Parse(text);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return [];
        }
    }

    /// <summary>Picks memory samples out of the exposition format, values as exported (bytes).</summary>
    public static Dictionary<string, object> Parse(string prometheusText)
    {
        var figures = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var line in prometheusText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space <= 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var series = line[..space].Trim();
            var name = series.Split('{')[0];
            if (MemorySeries.Any(m => name.Contains(m, StringComparison.Ordinal)))
            {
                figures[series] = value;
            }
        }

        return figures;
    }
}
