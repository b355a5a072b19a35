using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BigTechChat.Testing;

namespace BigTechChat.EndToEnd.Tests;

/// <summary>A client of the public API, as an app would use it: through the gateway, with its own token.</summary>
public sealed class ChatClient(HttpClient http)
{
    public string? Token { get; private set; }

    public long UserId { get; private set; }

    public string Username { get; private set; } = string.Empty;

    /// <summary>The same user, talking to another address (e.g. one chat-service instance directly).</summary>
    public static ChatClient WithToken(HttpClient http, ChatClient user) =>
        new(http) { Token = user.Token, UserId = user.UserId, Username = user.Username };

    public static async Task<ChatClient> RegisterAndLoginAsync(HttpClient http, string prefix)
    {
        var client = new ChatClient(http);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        client.Username = $"{prefix}_{suffix}";
        var registered = await client.SendAsync(HttpMethod.Post, "/api/auth/register",
            new { email = $"{client.Username}@example.com", username = client.Username, password = "Secret#123", display_name = prefix });
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        client.UserId = registered.Body!["id"]!.GetValue<long>();

        await client.LoginAsync();
        return client;
    }

    /// <summary>Logs in (again), replacing <see cref="Token"/> with a fresh one.</summary>
    public async Task LoginAsync()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = $"{Username}@example.com", ["password"] = "Secret#123" });
        using var login = await http.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = await login.Content.ReadFromJsonAsync<JsonObject>();
        Token = token!["access_token"]!.GetValue<string>();
    }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), text);
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body ?? new { });

    public Task<ApiResponse> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    public async Task<SseReader> OpenStreamAsync(string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }
}

public sealed record ApiResponse(HttpStatusCode Status, JsonNode? Body, string Text);
