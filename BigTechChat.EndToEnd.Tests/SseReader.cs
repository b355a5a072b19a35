using System.Text;
using System.Text.Json.Nodes;

namespace BigTechChat.EndToEnd.Tests;

public sealed record SseFrame(string? Id, string Event, JsonNode? Data);

/// <summary>Reads Server-Sent Events frames off the raw response stream.</summary>
public sealed class SseReader(HttpResponseMessage response, Stream stream) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public async Task<SseFrame> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string? id = null;
        var eventName = "message";
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(deadline.Token)
                ?? throw new EndOfStreamException("The stream ended");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return new SseFrame(id, eventName, JsonNode.Parse(data.ToString()));
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": eventName = value; break;
                case "data": data.Append(value); break;
            }
        }
    }

    /// <summary>Skips frames until one of the given event type arrives.</summary>
    public async Task<SseFrame> NextOfAsync(string eventName, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var frame = await NextAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
            if (frame.Event == eventName)
            {
                return frame;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await stream.DisposeAsync();
        response.Dispose();
    }
}
