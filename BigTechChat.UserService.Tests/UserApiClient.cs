using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BigTechChat.ApiConventions;

namespace BigTechChat.UserService.Tests;

public sealed record TestUser(long Id, string Email, string Username, string Password, string Token);

/// <summary>Drives the user service over HTTP the way clients do.</summary>
public static class UserApiClient
{
    public const string Password = "Secret#123";
    private static int _counter;

    public static string UniqueName(string prefix = "user") =>
        $"{prefix}{Interlocked.Increment(ref _counter)}x{Guid.NewGuid().ToString("N")[..6]}";

    public static async Task<TestUser> RegisterAndLoginAsync(this HttpClient client, string? username = null, string? displayName = null)
    {
        username ??= UniqueName();
        var email = $"{username}@example.com";
        var registered = await client.PostAsJsonAsync("/api/auth/register",
            new { email, username, password = Password, display_name = displayName });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.ReadJsonAsync()).GetProperty("id").GetInt64();
        var token = await client.LoginAsync(email, Password);
        return new TestUser(id, email, username, Password, token);
    }

    public static async Task<string> LoginAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostAsync("/api/auth/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = email,
            ["password"] = password,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("access_token").GetString()!;
    }

    public static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ApiJson.Options);
        }

        return request;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string token, object? body = null) =>
        client.SendAsync(Authorized(method, path, token, body));

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string path, string token) =>
        client.SendAsync(HttpMethod.Get, path, token);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 body with the given status and error code; returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? error = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var body = document.RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
        var code = body.GetProperty("error").GetString();
        if (error is not null)
        {
            Assert.Equal(error, code);
        }

        return body;
    }

    /// <summary>Polls until the condition holds; fails after the deadline.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Timed out waiting for: {what}");
    }
}
