using System.Diagnostics;
using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Tests;

public sealed class ProcessCpuTests
{
    [Fact]
    public void Cpu_is_reported_as_a_share_of_all_the_machines_cores()
    {
        var json = ProcessCpu.ToJson(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), cores: 2);

        Assert.Equal(15.0, json["percent_of_machine"]);
        Assert.Equal((3.0, 10.0, 2), ((double)json["cpu_s"], (double)json["wall_s"], (int)json["cores"]));
    }

    [Fact]
    public void Work_done_by_the_tool_since_the_start_shows_in_its_own_cpu_reading()
    {
        var cpu = new ProcessCpu();
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        // Spin until the process has used 100 ms of CPU, however long a loaded machine takes to give it that.
        var deadline = Stopwatch.StartNew();
        while (Process.GetCurrentProcess().TotalProcessorTime - before < TimeSpan.FromMilliseconds(100) && deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            Thread.SpinWait(10_000);
        }

        var json = cpu.Read();
        var later = new ProcessCpu().Read();

        Assert.True((double)json["cpu_s"] >= 0.1, $"cpu_s was {json["cpu_s"]}");
        Assert.True((double)json["percent_of_machine"] > 0);
        Assert.True((double)later["cpu_s"] < (double)json["cpu_s"], "a reading counts only the CPU since its start");
    }
}
