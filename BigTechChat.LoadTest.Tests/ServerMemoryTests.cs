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
}
