using System.Collections.Concurrent;

namespace BigTechChat.ChatService.Streaming;

/// <summary>
/// The ids of messages this instance heard deleted (MessageDeleted) lately, so that a MessageSent arriving after its
/// delete is dropped without a read. Entries older than <see cref="Retention"/> are forgotten: by then any MessageSent
/// is no longer fresh and is checked against storage anyway.
/// </summary>
public sealed class DeletedMessages(TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _prunedAt;

    public void Saw(string messageId)
    {
        var now = clock.GetUtcNow();
        _seen[messageId] = now;
        if (now - _prunedAt > Retention)
        {
            _prunedAt = now;
            foreach (var (id, at) in _seen)
            {
                if (now - at > Retention)
                {
                    _seen.TryRemove(id, out _);
                }
            }
        }
    }

    public bool Contains(string messageId) => _seen.ContainsKey(messageId);
}
