using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BigTechChat.ApiConventions;

namespace BigTechChat.FriendService.Tests;

/// <summary>Stands in for the user service's <c>POST /api/users/batch</c> and counts how often it is asked.</summary>
public sealed class StubUserService : HttpMessageHandler
{
    private readonly ConcurrentDictionary<long, (string Username, string? DisplayName)> _users = new();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, every call fails as if the user service were down.</summary>
    public bool Down { get; set; }

    public void Add(long id, string username, string? displayName = null) => _users[id] = (username, displayName);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Down)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }

        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath != "/api/users/batch")
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
        var profiles = body.RootElement.GetProperty("user_ids").EnumerateArray()
            .Select(id => id.GetInt64())
            .Where(_users.ContainsKey)
            .Select(id => new
            {
                id,
                username = _users[id].Username,
                display_name = _users[id].DisplayName,
                status_message = (string?)null,
                is_online = false,
                last_seen_at = (DateTime?)null,
            })
            .ToList();
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(profiles, options: ApiJson.Options) };
    }
}
