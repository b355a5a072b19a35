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
    public void Work_done_by_the_tool_shows_in_its_own_cpu_reading()
    {
        var cpu = new ProcessCpu();
        var until = DateTime.UtcNow.AddMilliseconds(200);
        var spin = 0L;
        while (DateTime.UtcNow < until)
        {
            spin++;
        }

        var json = cpu.Read();

        Assert.True(spin > 0);
        Assert.True((double)json["cpu_s"] > 0.05, $"cpu_s was {json["cpu_s"]}");
        Assert.True((double)json["percent_of_machine"] > 0);
    }
}
