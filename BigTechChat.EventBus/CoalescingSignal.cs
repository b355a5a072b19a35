namespace BigTechChat.EventBus;

/// <summary>
/// An auto-reset wake-up for one waiting loop: any number of notifications before the loop wakes count as one, without
/// throwing (a <see cref="SemaphoreSlim"/> with a maximum count threw <see cref="SemaphoreFullException"/> per extra
/// notify). The loop still polls on a timeout; the signal only makes it early.
/// </summary>
public class CoalescingSignal
{
    private readonly SemaphoreSlim _signal = new(0);
    private int _pending;

    public void Notify()
    {
        // Only the 0 → 1 transition releases, so the semaphore's count never exceeds one.
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>True when notified within <paramref name="timeout"/>; the notification is consumed.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!await _signal.WaitAsync(timeout, cancellationToken))
        {
            return false;
        }

        // Reset before the loop's next pass: a notification from here on wakes the pass after it.
        Volatile.Write(ref _pending, 0);
        return true;
    }
}
