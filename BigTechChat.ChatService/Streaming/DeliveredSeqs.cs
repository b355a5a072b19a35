namespace BigTechChat.ChatService.Streaming;

/// <summary>
/// The message seqs of one room a stream has written: every seq up to <see cref="Contiguous"/>, plus the few above it
/// that were written before a lower one became readable (MongoDB takes a seq before it stores the message, so a
/// later message can be visible first). A frame is skipped only when its seq was written, never for coming late.
/// </summary>
public sealed class DeliveredSeqs(long? after)
{
    /// <summary>
    /// A hole still open after this many later messages is given up: its writer died between taking the seq and storing
    /// the message, so it will never fill, and re-reading around it for every frame would cost a query each.
    /// </summary>
    public const int MaxAhead = 64;

    private readonly SortedSet<long> _ahead = [];

    /// <summary>Every seq up to this one is written (or was before the stream's cursor); null until the first frame of a live-only stream.</summary>
    public long? Contiguous { get; private set; } = after;

    public bool Contains(long seq) => seq <= Contiguous || _ahead.Contains(seq);

    /// <summary>True when some seq between <see cref="Contiguous"/> and <paramref name="seq"/> is not written yet.</summary>
    public bool HasGapBefore(long seq) =>
        Contiguous is { } done && seq > done + 1 && _ahead.GetViewBetween(done + 1, seq - 1).Count < seq - done - 1;

    public void Add(long seq)
    {
        if (Contiguous is not { } done)
        {
            Contiguous = seq;
            return;
        }

        if (seq <= done)
        {
            return;
        }

        _ahead.Add(seq);
        if (_ahead.Count > MaxAhead)
        {
            Contiguous = _ahead.Min - 1;
        }

        while (_ahead.Remove(Contiguous.Value + 1))
        {
            Contiguous++;
        }
    }
}
