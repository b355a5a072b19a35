using System.Diagnostics;

namespace BigTechChat.LoadTest.Measurement;

/// <summary>
/// The CPU the load tool itself used over a window: process <see cref="Process.TotalProcessorTime"/> divided by wall
/// time, as a percentage of all the machine's cores (100 % = every core busy with the tool). On a machine shared with
/// the system under test this is what the tool took away from it.
/// </summary>
public sealed class ProcessCpu
{
    private TimeSpan _cpuAtStart;
    private long _wallAtStart;

    public ProcessCpu() => Restart();

    public void Restart()
    {
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _wallAtStart = Stopwatch.GetTimestamp();
    }

    public Dictionary<string, object> Read()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        var wall = Stopwatch.GetElapsedTime(_wallAtStart);
        return ToJson(cpu, wall, Environment.ProcessorCount);
    }

    /// <summary>CPU seconds, wall seconds, cores, and CPU ÷ (wall × cores) in percent.</summary>
    public static Dictionary<string, object> ToJson(TimeSpan cpu, TimeSpan wall, int cores) => new()
    {
        ["cpu_s"] = Math.Round(cpu.TotalSeconds, 2),
        ["wall_s"] = Math.Round(wall.TotalSeconds, 2),
        ["cores"] = cores,
        ["percent_of_machine"] = wall > TimeSpan.Zero ? Math.Round(100 * cpu.TotalSeconds / (wall.TotalSeconds * cores), 1) : 0,
    };
}
