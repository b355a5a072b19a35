using System.Net;
using System.Net.Http.Json;
using BigTechChat.Security;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.UserService.Tests.UserApiClient;

namespace BigTechChat.UserService.Tests;

public sealed class AuthTests(UserServiceFactory factory) : IClassFixture<UserServiceFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Register_returns_201_with_the_account_and_lower_cases_the_email_domain()
    {
        var username = UniqueName("Reg");
        var response = await _client.PostAsJsonAsync("/api/auth/register",
            new { email = $"{username}@EXAMPLE.Com", username, password = Password, display_name = "Reggie" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.True(body.GetProperty("id").GetInt64() > 0);
        Assert.Equal($"{username}@example.com", body.GetProperty("email").GetString());
        Assert.Equal(username, body.GetProperty("username").GetString());
        Assert.Equal("Reggie", body.GetProperty("display_name").GetString());
        Assert.EndsWith("Z", body.GetProperty("created_at").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", body.GetProperty("updated_at").GetString(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("password_hash", out _));
    }

    [Theory]
    [InlineData("Пароль#2026 日本語🔑")]
    [InlineData("жжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжж1!")]
    public async Task Non_ascii_and_over_72_byte_passwords_register_and_log_in(string password)
    {
        var username = UserApiClient.UniqueName();
        var email = $"{username}@example.com";

        var registered = await _client.PostAsJsonAsync("/api/auth/register", new { email, username, password });
        var login = await _client.PostAsJsonAsync("/api/auth/login/json", new { email, password });
        var wrong = await _client.PostAsJsonAsync("/api/auth/login/json", new { email, password = "X" + password[1..] });

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Duplicate_email_in_any_case_is_409_email_already_registered()
    {
        var user = await _client.RegisterAndLoginAsync();
        var response = await _client.PostAsJsonAsync("/api/auth/register",
            new { email = user.Email.ToUpperInvariant(), username = UniqueName(), password = Password });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "resource_conflict");
        Assert.Equal("Email already registered", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Duplicate_username_in_any_case_is_409_username_already_taken()
    {
        var user = await _client.RegisterAndLoginAsync();
        var response = await _client.PostAsJsonAsync("/api/auth/register",
            new { email = $"{UniqueName()}@example.com", username = user.Username.ToUpperInvariant(), password = Password });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "resource_conflict");
        Assert.Equal("Username already taken", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Register_with_every_rule_broken_lists_every_failing_field()
    {
        var response = await _client.PostAsJsonAsync("/api/auth/register",
            new { email = "not-an-email", username = "_x", password = "short", display_name = new string('d', 101) });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("username", out _));
        Assert.True(errors.TryGetProperty("display_name", out _));
        var password = errors.GetProperty("password").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("Password must be between 8 and 64 characters", password);
        Assert.Contains("Password must contain at least one digit", password);
        Assert.Contains("Password must contain at least one special character", password);
    }

    [Theory]
    [InlineData("abcdefgh1", "password")]
    [InlineData("abcdefgh!", "password")]
    [InlineData("12345678!", "password")]
    [InlineData("Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!X", "password")]
    public async Task Password_rules_are_enforced(string password, string field)
    {
        var response = await _client.PostAsJsonAsync("/api/auth/register",
            new { email = $"{UniqueName()}@example.com", username = UniqueName(), password });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("-leading")]
    [InlineData("has space")]
    [InlineData("dots.not.allowed")]
    [InlineData("this_username_is_far_too_long_to_be_accepted_by_the_rules")]
    public async Task Username_rules_are_enforced(string username)
    {
        var response = await _client.PostAsJsonAsync("/api/auth/register",
            new { email = $"{UniqueName()}@example.com", username, password = Password });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
    }

    [Fact]
    public async Task Display_name_with_control_characters_is_rejected()
    {
        var response = await _client.PostAsJsonAsync("/api/auth/register",
            new { email = $"{UniqueName()}@example.com", username = UniqueName(), password = Password, display_name = "bad\u0007name" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("display_name", out _));
    }

    [Fact]
    public async Task Form_login_returns_a_bearer_token_that_expires_in_two_hours()
    {
        var user = await _client.RegisterAndLoginAsync();
        var response = await _client.PostAsync("/api/auth/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user.Email.ToUpperInvariant(),
            ["password"] = user.Password,
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(7200, body.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task Json_login_returns_a_token_and_marks_the_user_online()
    {
        var user = await _client.RegisterAndLoginAsync();
        var other = await _client.RegisterAndLoginAsync();
        await _client.SendAsync(HttpMethod.Post, "/api/auth/logout", user.Token);

        var response = await _client.PostAsJsonAsync("/api/auth/login/json", new { email = user.Email, password = user.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bearer", (await response.ReadJsonAsync()).GetProperty("token_type").GetString());
        var status = await (await _client.GetAsync($"/api/online-status/user/{user.Id}", other.Token)).ReadJsonAsync();
        Assert.True(status.GetProperty("is_online").GetBoolean());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_401()
    {
        var user = await _client.RegisterAndLoginAsync();
        var wrongPassword = await _client.PostAsJsonAsync("/api/auth/login/json", new { email = user.Email, password = "Wrong#123" });
        var unknownEmail = await _client.PostAsJsonAsync("/api/auth/login/json", new { email = "nobody@example.com", password = "Wrong#123" });

        var first = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
        var second = await unknownEmail.AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
        Assert.Equal("Invalid email or password", first.GetProperty("detail").GetString());
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Form_login_without_fields_is_422()
    {
        var response = await _client.PostAsync("/api/auth/login", new FormUrlEncodedContent(new Dictionary<string, string>()));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Logout_revokes_the_token_and_marks_the_user_offline_with_last_seen()
    {
        var user = await _client.RegisterAndLoginAsync();
        var other = await _client.RegisterAndLoginAsync();

        var response = await _client.SendAsync(HttpMethod.Post, "/api/auth/logout", user.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("Successfully logged out", body.GetProperty("message").GetString());
        Assert.Equal(user.Id, body.GetProperty("user_id").GetInt64());
        await (await _client.GetAsync("/api/profile/me", user.Token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
        var status = await (await _client.GetAsync($"/api/online-status/user/{user.Id}", other.Token)).ReadJsonAsync();
        Assert.False(status.GetProperty("is_online").GetBoolean());
        Assert.EndsWith("Z", status.GetProperty("last_seen_at").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_without_a_token_is_401()
    {
        var response = await _client.PostAsync("/api/auth/logout", null);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
    }

    [Fact]
    public async Task Issued_token_carries_the_username_claim()
    {
        var user = await _client.RegisterAndLoginAsync();
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(user.Token);

        Assert.Equal(user.Username, token.GetClaim(AuthClaims.Username).Value);
        Assert.Equal(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), token.Subject);
        Assert.NotNull(factory.Services.GetService<TokenIssuer>());
    }
}
