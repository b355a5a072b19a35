using System.Text;

namespace BigTechChat.LoadTest.Api;

public sealed record SseEvent(string? Id, string Event, string Data);

/// <summary>The event-stream format (WHATWG): <c>id:</c>/<c>event:</c>/<c>data:</c> lines, a blank line ends an event.</summary>
public static class SseParser
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? id = null;
        string? name = null;
        var data = new StringBuilder();
        var hasData = false;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    yield return new SseEvent(id, name ?? "message", data.ToString());
                }

                name = null;
                data.Clear();
                hasData = false;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    if (hasData)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    hasData = true;
                    break;
            }
        }
    }
}
