namespace BigTechChat.Testing;

/// <summary>
/// Busy-loops one thread per core until disposed, so a test runs with the CPU saturated the way a busy CI machine
/// is: threads get preempted mid-operation, which is what exposes races and lock contention that an idle run hides.
/// </summary>
public sealed class CpuSaturation : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _threads;

    private CpuSaturation()
    {
        _threads = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => new Thread(Spin) { IsBackground = true, Name = "cpu-saturation" })
            .ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Starts one spinning thread per core.</summary>
    public static CpuSaturation Start() => new();

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _stop.Dispose();
    }

    private void Spin()
    {
        var token = _stop.Token;
        var spinner = 0L;
        while (!token.IsCancellationRequested)
        {
            spinner++;
        }

        GC.KeepAlive(spinner);
    }
}
