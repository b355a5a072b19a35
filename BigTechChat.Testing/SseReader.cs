using System.Text;
using System.Text.Json;
using Xunit;

namespace BigTechChat.Testing;

public sealed record SseFrame(string? Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>Reads SSE frames from the raw response bytes, keeping every line as it came over the wire.</summary>
public sealed class SseReader(HttpResponseMessage response, Stream body) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    public List<string> RawLines { get; } = [];

    public HttpResponseMessage Response { get; } = response;

    public static async Task<SseReader> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        return new SseReader(response, await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The next frame (comments are recorded in <see cref="RawLines"/> and skipped).</summary>
    public async Task<SseFrame> NextAsync(TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        string? id = null, type = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(deadline.Token) ?? throw new EndOfStreamException("The stream ended");
            RawLines.Add(line);
            if (line.Length == 0)
            {
                if (type is not null || data.Length > 0)
                {
                    return new SseFrame(id, type ?? "message", data.ToString());
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
                case "event": type = value; break;
                case "data": data.Append(data.Length > 0 ? "\n" : string.Empty).Append(value); break;
            }
        }
    }

    /// <summary>Frames until one of the given type arrives; returns that one.</summary>
    public async Task<SseFrame> NextOfTypeAsync(string eventType, TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await NextAsync(timeout);
            if (frame.Event == eventType)
            {
                return frame;
            }
        }
    }

    /// <summary>Reads until the stream ends (or the timeout passes); true when the server closed it.</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan timeout)
    {
        try
        {
            while (true)
            {
                await NextAsync(timeout);
            }
        }
        catch (EndOfStreamException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        Response.Dispose();
        await Task.CompletedTask;
    }
}
