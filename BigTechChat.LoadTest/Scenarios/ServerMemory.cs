using System.Globalization;

namespace BigTechChat.LoadTest.Scenarios;

/// <summary>Memory figures from a service's Prometheus text, so a run can say what open streams cost the server.</summary>
public static class ServerMemory
{
    /// <summary>Series that describe process memory, whatever exporter version named them.</summary>
    /// <remarks>The .NET 9+ runtime meter exports the GC heap as <c>dotnet_gc_last_collection_heap_size_bytes</c>.</remarks>
    private static readonly string[] MemorySeries =
        ["working_set", "gc_heap_size", "gc_last_collection_heap_size", "gc_last_collection_memory_committed", "memory_usage"];

    public static async Task<Dictionary<string, object>> ReadAsync(ScenarioContext context, CancellationToken ct)
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
