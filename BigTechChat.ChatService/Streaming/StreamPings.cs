using System.Runtime.CompilerServices;
using System.Text;

namespace BigTechChat.ChatService.Streaming;

/// <summary>Reads a stream's queued frames, writing a <c>: ping</c> comment whenever none came for the ping interval.</summary>
public static class StreamPings
{
    private static readonly byte[] Ping = Encoding.ASCII.GetBytes(": ping\n\n");

    /// <summary>Frames until the queue completes or <paramref name="ct"/> is cancelled; pings go straight to the body.</summary>
    public static async IAsyncEnumerable<StreamFrame> ReadAsync(
        FrameQueue queue, TimeSpan pingInterval, HttpContext http, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = queue.Frames;
        Task<bool>? waiting = null;
        Task? pingDue = null;
        while (!ct.IsCancellationRequested && !queue.IsClosed)
        {
            if (reader.TryRead(out var frame))
            {
                yield return frame;
                continue;
            }

            waiting ??= reader.WaitToReadAsync(ct).AsTask();
            pingDue ??= Task.Delay(pingInterval, ct);
            if (await Task.WhenAny(waiting, pingDue) == pingDue)
            {
                pingDue = null;
                await WritePingAsync(http, ct);
                continue;
            }

            var more = await waiting;
            waiting = null;
            if (!more)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// SseItem cannot carry a comment line, so the ping goes straight to the body; the SSE writer has flushed
    /// every frame before it asks for the next one, so nothing interleaves.
    /// </summary>
    private static async Task WritePingAsync(HttpContext http, CancellationToken ct)
    {
        await http.Response.Body.WriteAsync(Ping, ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
