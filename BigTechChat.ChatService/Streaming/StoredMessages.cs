using System.Runtime.CompilerServices;
using BigTechChat.ChatService.Messages;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.Streaming;

/// <summary>Reads a room's stored messages for a stream's replay and gap fill, in seq order and in pages.</summary>
public sealed class StoredMessages(IMessageStore store, BlockCache blocks, IOptions<StreamOptions> options)
{
    /// <summary>
    /// Stored messages of the room after <paramref name="afterSeq"/> and up to <paramref name="untilSeq"/> (inclusive),
    /// as the reader may see them on a stream: deleted messages are not stored-visible at all, and a message of a user
    /// with whom the reader has a block (either way) comes back with <c>Visible: false</c>, so its seq counts as passed
    /// but it is not written, exactly as the live fan-out leaves it out (docs/chat-service.md, blocks).
    /// </summary>
    public async IAsyncEnumerable<(StoredMessage Message, bool Visible)> AfterAsync(
        long roomId, long readerId, long afterSeq, long untilSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        while (afterSeq < untilSeq)
        {
            var page = await store.GetAfterSeqAsync(roomId, afterSeq, options.Value.ReplayBatchSize, ct);
            var blocked = await blocks.BlockedWithAsync(readerId, ct);
            foreach (var message in page.Messages)
            {
                if (message.Seq > untilSeq)
                {
                    yield break;
                }

                afterSeq = message.Seq;
                yield return (message, !blocked.Contains(message.UserId));
            }

            if (!page.HasMore || page.Messages.Count == 0)
            {
                yield break;
            }
        }
    }
}
