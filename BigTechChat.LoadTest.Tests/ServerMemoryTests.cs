using BigTechChat.LoadTest.Scenarios;

namespace BigTechChat.LoadTest.Tests;

public sealed class ServerMemoryTests
{
    [Fact]
    public void Memory_series_are_picked_out_of_prometheus_text_with_their_labels()
    {
        const string text = """
            # HELP dotnet_process_memory_working_set_bytes Working set
            # TYPE dotnet_process_memory_working_set_bytes gauge
            dotnet_process_memory_working_set_bytes{otel_scope_name="System.Runtime"} 2.5E+08
            dotnet_gc_heap_size_bytes{gc_heap_generation="gen0"} 1024
            http_server_active_requests 3
            broken_line_without_value
            """;

        var figures = ServerMemory.Parse(text);

        Assert.Equal(2, figures.Count);
        Assert.Equal(2.5e8, figures["dotnet_process_memory_working_set_bytes{otel_scope_name=\"System.Runtime\"}"]);
        Assert.Equal(1024.0, figures["dotnet_gc_heap_size_bytes{gc_heap_generation=\"gen0\"}"]);
    }

    [Fact]
    public void The_runtime_meters_gc_heap_and_committed_memory_series_are_picked_up()
    {
        // As exported by the services' /metrics (System.Runtime meter, OpenTelemetry Prometheus exporter).
        const string text = """
            dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen2"} 178580184
            dotnet_gc_last_collection_memory_committed_size_bytes{otel_scope_name="System.Runtime"} 255496192
            dotnet_gc_last_collection_heap_fragmentation_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen2"} 146328
            dotnet_gc_heap_total_allocated_bytes_total{otel_scope_name="System.Runtime"} 14875839608
            """;

        var figures = ServerMemory.Parse(text);

        Assert.Equal(2, figures.Count);
        Assert.Equal(178580184.0, figures["dotnet_gc_last_collection_heap_size_bytes{otel_scope_name=\"System.Runtime\",gc_heap_generation=\"gen2\"}"]);
        Assert.Equal(255496192.0, figures["dotnet_gc_last_collection_memory_committed_size_bytes{otel_scope_name=\"System.Runtime\"}"]);
    }

    [Fact]
    public void The_resident_set_is_read_from_proc_status_in_bytes()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t 900000 kB\nVmRSS:\t  123456 kB\nThreads:\t42\n";

        Assert.Equal(123456.0 * 1024, ServerMemory.ParseVmRss(status));
        Assert.Null(ServerMemory.ParseVmRss("Name:\tdotnet\n"));
    }

    [Fact]
    public void This_process_has_a_resident_set()
    {
        Assert.True(ServerMemory.ReadRss(Environment.ProcessId) > 1024 * 1024);
        Assert.Null(ServerMemory.ReadRss(int.MaxValue));
    }

    [Fact]
    public void Memory_per_stream_prefers_the_resident_set_and_divides_its_growth_by_the_streams()
    {
        var before = new Dictionary<string, object> { [ServerMemory.RssSeries] = 100_000_000.0, ["dotnet_process_memory_working_set_bytes"] = 1.0 };
        var with = new Dictionary<string, object> { [ServerMemory.RssSeries] = 300_000_000.0, ["dotnet_process_memory_working_set_bytes"] = 2.0 };

        var perStream = ServerMemory.PerStream(before, with, 10_000);

        Assert.Equal(ServerMemory.RssSeries, perStream!["series"]);
        Assert.Equal(20_000.0, perStream["bytes_per_stream"]);
    }

    [Fact]
    public void Memory_per_stream_falls_back_to_the_exported_working_set()
    {
        var before = new Dictionary<string, object> { ["dotnet_process_memory_working_set_bytes"] = 1_000_000.0 };
        var with = new Dictionary<string, object> { ["dotnet_process_memory_working_set_bytes"] = 3_000_000.0 };

        Assert.Equal(2_000.0, ServerMemory.PerStream(before, with, 1000)!["bytes_per_stream"]);
        Assert.Null(ServerMemory.PerStream([], [], 1000));
        Assert.Null(ServerMemory.PerStream(before, with, 0));
    }
}
