using System.Collections.Concurrent;
using System.Net;

namespace BigTechChat.Testing;

/// <summary>
/// Counts the 5xx answers of a stress run and keeps the first few bodies, so a failure says which call failed and why.
/// </summary>
public sealed class ServerErrorTally
{
    private readonly ConcurrentQueue<string> _samples = new();
    private int _count;

    /// <summary>How many calls answered 5xx.</summary>
    public int Count => _count;

    /// <summary>Up to ten "METHOD path → status: body" lines of the 5xx answers seen.</summary>
    public IReadOnlyCollection<string> Samples => _samples;

    /// <summary>Records the response when it is a 5xx, then hands it back for further checks.</summary>
    public async Task<HttpResponseMessage> CheckAsync(HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500)
        {
            Interlocked.Increment(ref _count);
            if (_samples.Count < 10)
            {
                var body = await response.Content.ReadAsStringAsync();
                _samples.Enqueue($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} → {(int)response.StatusCode}: {body}");
            }
        }

        return response;
    }

    /// <summary>Fails with the samples, and what the server logged (<paramref name="serverLog"/>), when any call answered 5xx.</summary>
    public void AssertNone(IEnumerable<string>? serverLog = null)
    {
        if (_count > 0)
        {
            var logged = serverLog is null ? "" : $"{Environment.NewLine}Server log:{Environment.NewLine}{string.Join(Environment.NewLine, serverLog)}";
            throw new Xunit.Sdk.XunitException($"{_count} calls answered 5xx:{Environment.NewLine}{string.Join(Environment.NewLine, _samples)}{logged}");
        }
    }

    /// <summary>True for a status the server must never answer because of its own database contention.</summary>
    public static bool IsServerError(HttpStatusCode status) => (int)status >= 500;
}
