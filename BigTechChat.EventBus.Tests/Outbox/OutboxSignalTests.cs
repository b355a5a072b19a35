using System.Runtime.ExceptionServices;
using BigTechChat.EventBus.Outbox;

namespace BigTechChat.EventBus.Tests.Outbox;

/// <summary>The relay's wake-up costs nothing per notify (issue 10).</summary>
public sealed class OutboxSignalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Notifying_an_already_signalled_relay_throws_nothing_and_wakes_it_once()
    {
        var signal = new OutboxSignal();
        var thrown = 0;
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is SemaphoreFullException)
            {
                Interlocked.Increment(ref thrown);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            Parallel.For(0, 1_000, _ => signal.Notify());
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, Ct));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, Ct));
        signal.Notify();
        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }
}
