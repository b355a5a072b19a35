using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Api;

public sealed record NewUser(string Email, string Username, string Password);

public sealed record UserSession(long Id, string Email, string Username, string Token);

/// <summary>One HTTP answer: whether it had the expected status, and its JSON body when it had one.</summary>
public readonly record struct ApiResult(bool Ok, int Status, JsonElement Body)
{
    public long Id => Int64("id");

    public long Int64(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;

    public string? String(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The API.md endpoints the scenarios use; every call is timed into the recorder under its step name.</summary>
public sealed class ChatApiClient(HttpClient http, StepRecorder recorder)
{
    public const string DefaultPassword = "Load-test-1!";

    public StepRecorder Recorder => recorder;

    public static NewUser UniqueUser(string runId, string suffix)
    {
        var username = $"lt{runId}{suffix}";
        return new NewUser($"{username}@loadtest.example", username, DefaultPassword);
    }

    public Task<ApiResult> RegisterAsync(string step, NewUser user, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Post, "/api/auth/register", null,
            JsonContent.Create(new { email = user.Email, username = user.Username, password = user.Password, display_name = user.Username }), 201, ct);

    /// <summary>The original's form login (OAuth2 password form, username = email).</summary>
    public async Task<string?> LoginAsync(string step, NewUser user, CancellationToken ct)
    {
        var form = new FormUrlEncodedContent([new("username", user.Email), new("password", user.Password)]);
        var result = await SendAsync(step, HttpMethod.Post, "/api/auth/login", null, form, 200, ct);
        return result.Ok ? result.String("access_token") : null;
    }

    public Task<ApiResult> ProfileAsync(string step, string token, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Get, "/api/profile/me", token, null, 200, ct);

    public Task<ApiResult> SearchAsync(string step, string token, string query, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Get, $"/api/users/search?query={Uri.EscapeDataString(query)}&limit=10", token, null, 200, ct);

    public Task<ApiResult> FriendRequestAsync(string step, string token, long targetId, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Post, "/api/friends/request", token, JsonContent.Create(new { user_id_2 = targetId }), 201, ct);

    public Task<ApiResult> AcceptAsync(string step, string token, long requesterId, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Put, $"/api/friends/status/{requesterId}", token, JsonContent.Create(new { action = "accept" }), 200, ct);

    public Task<ApiResult> OpenDirectRoomAsync(string step, string token, long participantId, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Get, $"/api/chat-rooms/check/{participantId}", token, null, 200, ct);

    public Task<ApiResult> CreateGroupAsync(string step, string token, string name, IEnumerable<long> memberIds, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Post, "/api/chat-rooms/group", token, JsonContent.Create(new { name, member_ids = memberIds }), 201, ct);

    public Task<ApiResult> SendMessageAsync(string step, string token, long roomId, string content, string? clientMessageId, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Post, $"/api/messages/{roomId}", token,
            JsonContent.Create(new { content, message_type = "text", client_message_id = clientMessageId }), 201, ct,
            idempotentStatus: 200);

    public Task<ApiResult> ReadMessagesAsync(string step, string token, long roomId, int limit, CancellationToken ct) =>
        ReadHistoryAsync(step, token, roomId, $"limit={limit.ToString(CultureInfo.InvariantCulture)}", ct);

    /// <summary>One history page; <paramref name="query"/> is e.g. <c>limit=50&amp;before_seq=1000</c> (API.md §5).</summary>
    public Task<ApiResult> ReadHistoryAsync(string step, string token, long roomId, string query, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Get, $"/api/messages/{roomId}?{query}", token, null, 200, ct);

    /// <summary>Registers and logs in one user; null when either step failed.</summary>
    public async Task<UserSession?> CreateSessionAsync(NewUser user, CancellationToken ct)
    {
        var registered = await RegisterAsync("setup_register", user, ct);
        if (!registered.Ok)
        {
            return null;
        }

        var token = await LoginAsync("setup_login", user, ct);
        return token is null ? null : new UserSession(registered.Id, user.Email, user.Username, token);
    }

    /// <summary>A plain GET outside the timed steps (e.g. a metrics scrape); null unless 2xx.</summary>
    public async Task<string?> GetTextAsync(Uri url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, ct);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : null;
    }

    /// <summary>Opens a room's event stream (API.md §5); the caller owns (and disposes) the response.</summary>
    public Task<HttpResponseMessage?> OpenStreamAsync(string step, string token, long roomId, CancellationToken ct) =>
        OpenEventStreamAsync(step, token, $"/api/messages/stream/{roomId}", ct);

    /// <summary>Opens the user's one stream for all rooms, <c>GET /api/events/stream</c> (API.md §5); the caller owns the response.</summary>
    public Task<HttpResponseMessage?> OpenUserStreamAsync(string step, string token, CancellationToken ct) =>
        OpenEventStreamAsync(step, token, "/api/events/stream", ct);

    private async Task<HttpResponseMessage?> OpenEventStreamAsync(string step, string token, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            recorder.Record(step, Stopwatch.GetElapsedTime(started), response.IsSuccessStatusCode, (int)response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            response.Dispose();
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            recorder.Record(step, Stopwatch.GetElapsedTime(started), succeeded: false, status: 0);
            return null;
        }
    }

    private async Task<ApiResult> SendAsync(string step, HttpMethod method, string path, string? token, HttpContent? content, int expectedStatus, CancellationToken ct, int? idempotentStatus = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            // A resent client_message_id answers 200 instead of 201; both mean the message is stored.
            var ok = status == expectedStatus || status == idempotentStatus;
            recorder.Record(step, elapsed, ok, status);
            return new ApiResult(ok, status, ParseBody(bytes));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            recorder.Record(step, Stopwatch.GetElapsedTime(started), succeeded: false, status: 0);
            return new ApiResult(false, 0, default);
        }
    }

    private static JsonElement ParseBody(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
