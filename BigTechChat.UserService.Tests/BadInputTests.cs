using System.Net;
using System.Text;

namespace BigTechChat.UserService.Tests;

/// <summary>Hostile and malformed input on every endpoint: always a 4xx problem body, never a 5xx.</summary>
public sealed class BadInputTests(UserServiceFactory factory) : IClassFixture<UserServiceFactory>
{
    private static readonly string Huge = new('x', 70 * 1024);
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string, string> JsonBodies()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path) in new[]
        {
            ("POST", "/api/auth/register"), ("POST", "/api/auth/login/json"), ("PUT", "/api/profile/me"), ("POST", "/api/users/batch"),
        })
        {
            data.Add(method, path, "{not json");
            data.Add(method, path, "[1,2,3]");
            data.Add(method, path, "\"just a string\"");
            data.Add(method, path, "");
            data.Add(method, path, """{"email": 5, "username": true, "password": [], "display_name": {}, "status_message": 7, "user_ids": "1,2"}""");
            if (method == "POST")
            {
                // For the profile these are unknown fields and so fine; for the others they are wrong types or missing fields.
                data.Add(method, path, """{"user_ids": [1, "two"], "display_name": null}""");
                data.Add(method, path, """{"user_ids": [99999999999999999999999]}""");
            }
            data.Add(method, path, $$"""{"email": "{{Huge}}", "display_name": "{{Huge}}"}""");
            data.Add(method, path, $$"""{"display_name": "{{new string('y', 2000)}}", "status_message": "{{new string('z', 5000)}}", "email": "{{new string('e', 3000)}}@x.com", "username": "{{new string('u', 3000)}}", "password": "{{new string('p', 3000)}}1!"}""");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(JsonBodies))]
    public async Task Malformed_or_mistyped_json_bodies_are_4xx_problems(string method, string path, string body)
    {
        var user = await _client.RegisterAndLoginAsync();
        using var request = UserApiClient.Authorized(new HttpMethod(method), path, user.Token);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await _client.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        var problem = await response.AssertProblemAsync(response.StatusCode);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData("/api/auth/register", "\\ud800Secret#123")]
    [InlineData("/api/auth/login/json", "\\ud800Secret#123")]
    [InlineData("/api/auth/register", "Secret#123\\udc00")]
    [InlineData("/api/auth/login/json", "Secret#123\\udc00")]
    public async Task A_password_with_a_lone_surrogate_is_a_4xx_problem(string path, string escapedPassword)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..12];
        var body = $$"""{"email": "{{name}}@example.com", "username": "{{name}}", "password": "{{escapedPassword}}", "display_name": "x"}""";

        var response = await _client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.InRange((int)response.StatusCode, 400, 499);
        await response.AssertProblemAsync(response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/users/abc")]
    [InlineData("GET", "/api/users/1.5")]
    [InlineData("GET", "/api/users/-1")]
    [InlineData("GET", "/api/users/0/exists")]
    [InlineData("GET", "/api/users/x/exists")]
    [InlineData("GET", "/api/users/9223372036854775808")]
    [InlineData("GET", "/api/online-status/user/abc")]
    [InlineData("GET", "/api/online-status/user/0")]
    [InlineData("GET", "/api/online-status/user/987654321")]
    [InlineData("GET", "/api/users?user_ids=1;2")]
    [InlineData("GET", "/api/users?user_ids=99999999999999999999999")]
    [InlineData("GET", "/api/users/search?query=a&limit=-1")]
    [InlineData("GET", "/api/users/search?query=a&limit=99999999999999")]
    [InlineData("DELETE", "/api/profile/me")]
    public async Task Bad_ids_and_query_values_are_4xx_problems(string method, string path)
    {
        var user = await _client.RegisterAndLoginAsync();

        var response = await _client.SendAsync(new HttpMethod(method), path, user.Token);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await response.AssertProblemAsync(response.StatusCode);
    }

    [Fact]
    public async Task Search_query_longer_than_64_KB_is_a_4xx_problem()
    {
        var user = await _client.RegisterAndLoginAsync();

        var response = await _client.GetAsync($"/api/users/search?query={new string('q', 70 * 1024)}", user.Token);

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Form_login_with_json_body_or_huge_form_is_4xx()
    {
        var json = await _client.PostAsync("/api/auth/login", new StringContent("""{"username":"a@b.c","password":"x"}""", Encoding.UTF8, "application/json"));
        var huge = await _client.PostAsync("/api/auth/login", new StringContent($"username=a%40b.com&password={Huge}", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var broken = await _client.PostAsync("/api/auth/login", new StringContent("username=%%%&password", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.InRange((int)huge.StatusCode, 400, 499);
        await huge.AssertProblemAsync(huge.StatusCode);
        Assert.InRange((int)broken.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Registration_that_fails_validation_stores_nothing()
    {
        var username = UserApiClient.UniqueName("half");
        var bad = await _client.PostAsync("/api/auth/register", new StringContent(
            $$"""{"email": "{{username}}@example.com", "username": "{{username}}", "password": "nodigits!"}""", Encoding.UTF8, "application/json"));
        await bad.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        var again = await _client.RegisterAndLoginAsync(username);

        Assert.Equal(username, again.Username);
    }
}
