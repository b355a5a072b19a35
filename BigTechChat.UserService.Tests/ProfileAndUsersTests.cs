using System.Net;
using System.Net.Http.Json;
using static BigTechChat.UserService.Tests.UserApiClient;

namespace BigTechChat.UserService.Tests;

public sealed class ProfileAndUsersTests(UserServiceFactory factory) : IClassFixture<UserServiceFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Profile_me_returns_the_profile_with_email()
    {
        var user = await _client.RegisterAndLoginAsync(displayName: "Me Myself");

        var body = await (await _client.GetAsync("/api/profile/me", user.Token)).ReadJsonAsync();

        Assert.Equal(user.Id, body.GetProperty("id").GetInt64());
        Assert.Equal(user.Username, body.GetProperty("username").GetString());
        Assert.Equal(user.Email, body.GetProperty("email").GetString());
        Assert.Equal("Me Myself", body.GetProperty("display_name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("status_message").ValueKind);
        Assert.True(body.GetProperty("is_online").GetBoolean());
        Assert.True(body.TryGetProperty("last_seen_at", out _));
    }

    [Fact]
    public async Task Profile_update_changes_given_fields_and_keeps_omitted_ones()
    {
        var user = await _client.RegisterAndLoginAsync(displayName: "Before");

        var first = await _client.SendAsync(HttpMethod.Put, "/api/profile/me", user.Token, new { status_message = "busy" });
        var second = await _client.SendAsync(HttpMethod.Put, "/api/profile/me", user.Token, new { display_name = "After" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await second.ReadJsonAsync();
        Assert.Equal("After", body.GetProperty("display_name").GetString());
        Assert.Equal("busy", body.GetProperty("status_message").GetString());
        Assert.Equal(user.Email, body.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Profile_update_over_the_limits_is_422_for_each_field()
    {
        var user = await _client.RegisterAndLoginAsync();
        var response = await _client.SendAsync(HttpMethod.Put, "/api/profile/me", user.Token,
            new { display_name = new string('a', 101), status_message = new string('b', 501) });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.True(problem.GetProperty("errors").TryGetProperty("display_name", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("status_message", out _));
    }

    [Fact]
    public async Task Search_orders_exact_then_prefix_then_the_rest_and_excludes_the_caller()
    {
        var stem = UniqueName("srch").ToLowerInvariant();
        var caller = await _client.RegisterAndLoginAsync($"{stem}_me");
        await _client.RegisterAndLoginAsync($"zz{stem}");
        await _client.RegisterAndLoginAsync($"{stem}_b");
        await _client.RegisterAndLoginAsync(stem.ToUpperInvariant());
        await _client.RegisterAndLoginAsync($"{stem}_a");
        await _client.RegisterAndLoginAsync("other" + stem[..4] + "q", displayName: $"Known as {stem}");

        var body = await (await _client.GetAsync($"/api/users/search?query={stem}", caller.Token)).ReadJsonAsync();

        var names = body.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("username").GetString()).ToArray();
        Assert.Equal(5, body.GetProperty("total_count").GetInt32());
        Assert.Equal(stem.ToUpperInvariant(), names[0]);
        Assert.Equal(new string?[] { $"{stem}_a", $"{stem}_b" }, names[1..3]);
        Assert.DoesNotContain($"{stem}_me", names);
        Assert.Contains($"zz{stem}", names);
        var first = body.GetProperty("users")[0];
        Assert.True(first.TryGetProperty("is_online", out _));
        Assert.True(first.TryGetProperty("status_message", out _));
    }

    [Fact]
    public async Task Search_treats_percent_and_underscore_literally_and_honours_limit()
    {
        var stem = UniqueName("lit").ToLowerInvariant();
        var caller = await _client.RegisterAndLoginAsync();
        await _client.RegisterAndLoginAsync($"{stem}_x");
        await _client.RegisterAndLoginAsync($"{stem}ax");
        await _client.RegisterAndLoginAsync($"{stem}_y");

        var underscore = await (await _client.GetAsync($"/api/users/search?query={stem}_", caller.Token)).ReadJsonAsync();
        var percent = await (await _client.GetAsync("/api/users/search?query=%25", caller.Token)).ReadJsonAsync();
        var limited = await (await _client.GetAsync($"/api/users/search?query={stem}&limit=1", caller.Token)).ReadJsonAsync();

        Assert.Equal(2, underscore.GetProperty("total_count").GetInt32());
        Assert.Equal(0, percent.GetProperty("total_count").GetInt32());
        Assert.Single(limited.GetProperty("users").EnumerateArray());
        Assert.Equal(3, limited.GetProperty("total_count").GetInt32());
    }

    [Theory]
    [InlineData("/api/users/search")]
    [InlineData("/api/users/search?query=")]
    [InlineData("/api/users/search?query=abc&limit=0")]
    [InlineData("/api/users/search?query=abc&limit=51")]
    [InlineData("/api/users/search?query=abc&limit=ten")]
    [InlineData("/api/users/search?query=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Search_with_bad_query_or_limit_is_422(string path)
    {
        var user = await _client.RegisterAndLoginAsync();
        await (await _client.GetAsync(path, user.Token)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
    }

    [Fact]
    public async Task Get_user_by_id_returns_the_profile_without_email()
    {
        var caller = await _client.RegisterAndLoginAsync();
        var other = await _client.RegisterAndLoginAsync(displayName: "Other");

        var body = await (await _client.GetAsync($"/api/users/{other.Id}", caller.Token)).ReadJsonAsync();

        Assert.Equal(other.Id, body.GetProperty("id").GetInt64());
        Assert.Equal("Other", body.GetProperty("display_name").GetString());
        Assert.False(body.TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Get_user_unknown_is_404_and_non_positive_is_422_and_non_numeric_is_4xx()
    {
        var caller = await _client.RegisterAndLoginAsync();

        await (await _client.GetAsync("/api/users/999999999", caller.Token)).AssertProblemAsync(HttpStatusCode.NotFound, "resource_not_found");
        await (await _client.GetAsync("/api/users/0", caller.Token)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _client.GetAsync("/api/users/-5", caller.Token)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _client.GetAsync("/api/users/abc", caller.Token)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _client.GetAsync("/api/users/99999999999999999999999", caller.Token)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Get_users_by_id_list_returns_known_ones()
    {
        var caller = await _client.RegisterAndLoginAsync();
        var a = await _client.RegisterAndLoginAsync();
        var b = await _client.RegisterAndLoginAsync();

        var body = await (await _client.GetAsync($"/api/users?user_ids={a.Id},{b.Id},999999999", caller.Token)).ReadJsonAsync();

        Assert.Equal([a.Id, b.Id], body.EnumerateArray().Select(u => u.GetProperty("id").GetInt64()).ToArray());
    }

    [Theory]
    [InlineData("/api/users")]
    [InlineData("/api/users?user_ids=")]
    [InlineData("/api/users?user_ids=1,abc")]
    [InlineData("/api/users?user_ids=,,")]
    public async Task Get_users_with_empty_or_non_numeric_list_is_400(string path)
    {
        var caller = await _client.RegisterAndLoginAsync();
        await (await _client.GetAsync(path, caller.Token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task Batch_returns_found_profiles_and_omits_missing_ids()
    {
        var caller = await _client.RegisterAndLoginAsync();
        var a = await _client.RegisterAndLoginAsync();

        var response = await _client.SendAsync(HttpMethod.Post, "/api/users/batch", caller.Token, new { user_ids = new[] { a.Id, 987654321L } });

        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var only = Assert.Single(body.EnumerateArray());
        Assert.Equal(a.Username, only.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Batch_with_no_ids_or_more_than_100_is_422()
    {
        var caller = await _client.RegisterAndLoginAsync();

        var empty = await _client.SendAsync(HttpMethod.Post, "/api/users/batch", caller.Token, new { user_ids = Array.Empty<long>() });
        var tooMany = await _client.SendAsync(HttpMethod.Post, "/api/users/batch", caller.Token,
            new { user_ids = Enumerable.Range(1, 101).Select(i => (long)i).ToArray() });
        var missing = await _client.SendAsync(HttpMethod.Post, "/api/users/batch", caller.Token, new { });

        await empty.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        await tooMany.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        await missing.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
    }

    [Fact]
    public async Task Exists_answers_for_known_and_unknown_ids()
    {
        var caller = await _client.RegisterAndLoginAsync();

        var known = await (await _client.GetAsync($"/api/users/{caller.Id}/exists", caller.Token)).ReadJsonAsync();
        var unknown = await (await _client.GetAsync("/api/users/987654321/exists", caller.Token)).ReadJsonAsync();

        Assert.Equal(caller.Id, known.GetProperty("user_id").GetInt64());
        Assert.True(known.GetProperty("exists").GetBoolean());
        Assert.False(unknown.GetProperty("exists").GetBoolean());
        await (await _client.GetAsync("/api/users/0/exists", caller.Token)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Every_users_and_profile_endpoint_requires_a_token()
    {
        foreach (var path in new[] { "/api/profile/me", "/api/users/search?query=a", "/api/users/1", "/api/users?user_ids=1", "/api/users/1/exists" })
        {
            await (await _client.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
        }

        await (await _client.PostAsJsonAsync("/api/users/batch", new { user_ids = new[] { 1 } }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
        await (await _client.PutAsJsonAsync("/api/profile/me", new { display_name = "x" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
    }
}
