using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BigTechChat.FriendService.Tests;

/// <summary>Hostile or broken requests on every endpoint: always a 4xx problem body, never a 5xx, nothing written.</summary>
public sealed class BadInputTests : FriendServiceTest
{
    private const string Huge = "huge";
    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/friends/request" },
        { "PUT", "/api/friends/status/1" },
        { "GET", "/api/friends/list" },
        { "GET", "/api/friends/requests" },
        { "DELETE", "/api/friends/request/1" },
        { "DELETE", "/api/friends/1" },
        { "GET", "/api/friends/check/1" },
        { "POST", "/api/friends/block/1" },
        { "DELETE", "/api/friends/block/1" },
        { "GET", "/api/friends/blocked" },
    };

    public static TheoryData<string, string, string?> BadRequests => new()
    {
        { "POST", "/api/friends/request", "{" },
        { "POST", "/api/friends/request", "" },
        { "POST", "/api/friends/request", "null" },
        { "POST", "/api/friends/request", "[]" },
        { "POST", "/api/friends/request", "{}" },
        { "POST", "/api/friends/request", """{"user_id_2": "abc"}""" },
        { "POST", "/api/friends/request", """{"user_id_2": "5"}""" },
        { "POST", "/api/friends/request", """{"user_id_2": 1.5}""" },
        { "POST", "/api/friends/request", """{"user_id_2": true}""" },
        { "POST", "/api/friends/request", """{"user_id_2": 99999999999999999999999}""" },
        { "POST", "/api/friends/request", """{"user_id_2": -1}""" },
        { "POST", "/api/friends/request", """{"user_id_2": 0}""" },
        { "POST", "/api/friends/request", """{"user_id_2": 7, "message": 12}""" },
        { "POST", "/api/friends/request", """{"user_id_2": 7, "message": "MESSAGE"}""" },
        { "POST", "/api/friends/request", Huge },
        { "PUT", "/api/friends/status/7", "{" },
        { "PUT", "/api/friends/status/7", "{}" },
        { "PUT", "/api/friends/status/7", """{"action": 1}""" },
        { "PUT", "/api/friends/status/7", """{"action": "maybe"}""" },
        { "PUT", "/api/friends/status/7", """{"action": "ACTION"}""" },
        { "PUT", "/api/friends/status/7", Huge },
        { "PUT", "/api/friends/status/abc", """{"action": "accept"}""" },
        { "PUT", "/api/friends/status/-3", """{"action": "accept"}""" },
        { "PUT", "/api/friends/status/0", """{"action": "reject"}""" },
        { "PUT", "/api/friends/status/99999999999999999999", """{"action": "accept"}""" },
        { "DELETE", "/api/friends/request/abc", null },
        { "DELETE", "/api/friends/request/-1", null },
        { "DELETE", "/api/friends/request/7", null },
        { "DELETE", "/api/friends/abc", null },
        { "DELETE", "/api/friends/0", null },
        { "DELETE", "/api/friends/7", null },
        { "GET", "/api/friends/check/abc", null },
        { "GET", "/api/friends/check/-1", null },
        { "GET", "/api/friends/check/1e3", null },
        { "POST", "/api/friends/block/abc", null },
        { "POST", "/api/friends/block/-9", null },
        { "POST", "/api/friends/block/7", null },
        { "DELETE", "/api/friends/block/xyz", null },
        { "DELETE", "/api/friends/block/0", null },
        { "DELETE", "/api/friends/block/7", null },
        { "PATCH", "/api/friends/list", null },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_401_without_a_token_or_with_a_forged_one(string method, string path)
    {
        using var anonymous = Factory.CreateClient();
        await (await SendAsync(anonymous, method, path, """{"user_id_2": 2, "action": "accept"}"""))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var forged = Factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ForgedToken());
        await (await SendAsync(forged, method, path, """{"user_id_2": 2, "action": "accept"}"""))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_4xx_problem_and_writes_nothing(string method, string path, string? body)
    {
        var alice = await Factory.RegisterUserAsync("alice");

        var response = await SendAsync(alice.Client, method, path, body switch
        {
            Huge => $$"""{"user_id_2": 7, "action": "accept", "message": "{{new string('x', 100_000)}}"}""",
            _ => body?.Replace("MESSAGE", new string('m', 501), StringComparison.Ordinal)
                .Replace("ACTION", new string('a', 10_000), StringComparison.Ordinal),
        });

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status is >= 400 and < 500, $"{method} {path} {body}: {status} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
        Assert.Equal(0, await Factory.InDbAsync(db => db.Friendships.CountAsync(TestContext.Current.CancellationToken)));
        Assert.Equal(0, await Factory.InDbAsync(db => db.UserBlocks.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Invalid_fields_answer_422_naming_the_field()
    {
        var alice = await Factory.RegisterUserAsync("alice");

        var missing = await (await SendAsync(alice.Client, "POST", "/api/friends/request", "{}")).ShouldBeProblemAsync((HttpStatusCode)422);
        Assert.True(missing.GetProperty("errors").TryGetProperty("user_id_2", out _));
        var tooLong = await (await SendAsync(alice.Client, "POST", "/api/friends/request",
            $$"""{"user_id_2": 7, "message": "{{new string('m', 501)}}"}""")).ShouldBeProblemAsync((HttpStatusCode)422);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("message", out _));
        await (await SendAsync(alice.Client, "PUT", "/api/friends/status/7", """{"action": "maybe"}"""))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await SendAsync(alice.Client, "POST", "/api/friends/request", $$"""{"user_id_2": {{alice.Id}}}"""))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Cannot send friend request to yourself");
        await (await SendAsync(alice.Client, "POST", $"/api/friends/block/{alice.Id}", null))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string ForgedToken() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Claims = new Dictionary<string, object> { ["sub"] = "1", ["type"] = "access", ["jti"] = Guid.NewGuid().ToString() },
        Issuer = "bigtechchat",
        Audience = "bigtechchat",
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes("an-attacker-key-that-is-long-enough-to-sign-hs256")),
            SecurityAlgorithms.HmacSha256),
    });
}
