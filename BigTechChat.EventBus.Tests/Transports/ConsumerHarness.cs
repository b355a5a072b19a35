using System.Collections.Concurrent;

namespace BigTechChat.EventBus.Tests.Transports;

/// <summary>What one consumer received, in delivery order, with a way to wait for it.</summary>
public sealed class Received
{
    private readonly ConcurrentQueue<EventEnvelope> _envelopes = new();

    public IReadOnlyList<EventEnvelope> Events => [.. _envelopes.Where(e => e.EventType != TransportContract.ProbeType)];

    public bool SawProbe => _envelopes.Any(e => e.EventType == TransportContract.ProbeType);

    public void Add(EventEnvelope envelope) => _envelopes.Enqueue(envelope);
}

/// <summary>Keeps a consume loop running the way EventConsumer does: reconnect after a failure until stopped.</summary>
public sealed class RunningConsumer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RunningConsumer(IEventTransport transport, string topic, string group, Func<EventEnvelope, CancellationToken, Task> deliver)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await transport.ConsumeAsync(topic, group, deliver, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(100);
                }
            }
        });
    }

    /// <summary>Stops the loop; a test may stop a consumer early (it "dies"), so this runs more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}

public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(100);
        }
    }

    public static Task HoldsAsync(Func<Task<bool>> probe, bool expected, string what, TimeSpan? timeout = null) =>
        HoldsAsync(async () => await probe() == expected, what, timeout);
}
