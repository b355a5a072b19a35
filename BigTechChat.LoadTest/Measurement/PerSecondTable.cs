using System.Globalization;
using System.Text;

namespace BigTechChat.LoadTest.Measurement;

/// <summary>The report's per-second series, totals and the tool's CPU as plain text columns, for a reader at the console.</summary>
public static class PerSecondTable
{
    public static string Format(IReadOnlyDictionary<string, object> report)
    {
        var text = new StringBuilder();
        if (report.TryGetValue("per_second", out var value) && value is Dictionary<string, object> perSecond)
        {
            foreach (var (step, rows) in perSecond)
            {
                if (rows is not List<Dictionary<string, object>> { Count: > 0 } series)
                {
                    continue;
                }

                text.AppendLine(CultureInfo.InvariantCulture, $"{step} per second:     s   count  errors      p50 ms      p99 ms");
                var indent = new string(' ', step.Length + 12);
                foreach (var row in series)
                {
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"{indent}{row["s"],6}{row["count"],8}{row["errors"],8}{row["p50"],12}{row["p99"],12}");
                }
            }
        }

        if (report.TryGetValue("totals", out var totals) && totals is Dictionary<string, object> figures
            && figures["http_req_duration"] is Dictionary<string, object> latency)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"totals: {figures["requests"]} requests, {figures["requests_per_s"]}/s, p50 {latency["med"]} p95 {latency["p(95)"]} p99 {latency["p(99)"]} max {latency["max"]} ms, errors {figures["errors"]} {Statuses(figures["errors_by_status"])}");
        }

        if (report.TryGetValue("load_tool_cpu", out var cpu) && cpu is Dictionary<string, object> usage)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"load tool CPU: {usage["cpu_s"]} s over {usage["wall_s"]} s = {usage["percent_of_machine"]} % of {usage["cores"]} cores");
        }

        return text.ToString();
    }

    private static string Statuses(object value) =>
        value is IDictionary<string, long> { Count: > 0 } statuses
            ? "(" + string.Join(", ", statuses.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}: {s.Value}"))) + ")"
            : string.Empty;
}
