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
}
