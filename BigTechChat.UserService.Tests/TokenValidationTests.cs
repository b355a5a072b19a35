using System.Net;
using System.Security.Claims;
using System.Text;
using BigTechChat.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BigTechChat.UserService.Tests;

public sealed class TokenValidationTests(UserServiceFactory factory) : IClassFixture<UserServiceFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> BadTokens =>
    [
        "forged-signature", "expired", "alg-none", "wrong-issuer", "wrong-audience", "refresh-type", "garbage", "non-numeric-sub",
    ];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_tokens_are_401_on_every_protected_endpoint(string kind)
    {
        var user = await _client.RegisterAndLoginAsync();
        var token = MakeToken(kind, user);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/profile/me"), (HttpMethod.Put, "/api/profile/me"), (HttpMethod.Get, "/api/users/search?query=a"),
            (HttpMethod.Get, $"/api/users/{user.Id}"), (HttpMethod.Post, "/api/users/batch"), (HttpMethod.Post, "/api/auth/logout"),
            (HttpMethod.Post, "/api/online-status/heartbeat"), (HttpMethod.Get, "/api/online-status/friends"),
            (HttpMethod.Get, "/api/online-status/stream"),
        })
        {
            var response = await _client.SendAsync(method, path, token, method == HttpMethod.Get ? null : new { user_ids = new[] { 1 } });
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
        }
    }

    [Fact]
    public async Task Token_in_query_string_is_accepted_only_on_stream_paths()
    {
        var user = await _client.RegisterAndLoginAsync();

        var profile = await _client.GetAsync($"/api/profile/me?access_token={user.Token}");

        await profile.AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_error");
    }

    [Fact]
    public async Task A_token_revoked_by_logout_is_refused_while_a_fresh_login_works()
    {
        var user = await _client.RegisterAndLoginAsync();
        await _client.SendAsync(HttpMethod.Post, "/api/auth/logout", user.Token);

        await (await _client.GetAsync("/api/profile/me", user.Token)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var fresh = await _client.LoginAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/profile/me", fresh)).StatusCode);
    }

    [Fact]
    public async Task A_validated_principal_keeps_only_the_claims_the_services_read_and_no_copy_of_the_token()
    {
        var user = await _client.RegisterAndLoginAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Headers.Authorization = $"Bearer {user.Token}";

        var result = await http.RequestServices.GetRequiredService<IAuthenticationService>()
            .AuthenticateAsync(http, JwtBearerDefaults.AuthenticationScheme);

        Assert.True(result.Succeeded);
        var principal = result.Principal!;
        var identity = Assert.Single(principal.Identities);
        Assert.Equal(typeof(ClaimsIdentity), identity.GetType());
        Assert.True(identity.IsAuthenticated);
        Assert.Equal(["sub", "email", "username", "type", "jti", "exp"], identity.Claims.Select(claim => claim.Type));
        Assert.All(identity.Claims, claim => Assert.Empty(claim.Properties));
        Assert.Equal(user.Id, principal.GetUserId());
        Assert.Equal(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), identity.Name);
        Assert.Equal(user.Username, principal.GetUsername());
        Assert.Equal(user.Email, principal.GetEmail());
        Assert.NotNull(principal.GetTokenId());
        Assert.InRange(principal.GetTokenExpiry(), DateTime.UtcNow, DateTime.UtcNow.AddDays(2));
        Assert.DoesNotContain(result.Properties!.Items.Values, value => value == user.Token);
    }

    private string MakeToken(string kind, TestUser user)
    {
        var jwt = factory.Services.GetRequiredService<IOptions<JwtOptions>>().Value;
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = kind == "non-numeric-sub" ? "abc" : user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["email"] = user.Email,
            ["username"] = user.Username,
            ["type"] = kind == "refresh-type" ? "refresh" : "access",
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        var key = kind == "forged-signature"
            ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes("a-completely-different-signing-key-of-enough-length"))
            : new SymmetricSecurityKey(jwt.SigningKeyBytes);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = kind == "wrong-issuer" ? "someone-else" : jwt.Issuer,
            Audience = kind == "wrong-audience" ? "another-api" : jwt.Audience,
            IssuedAt = kind == "expired" ? now.AddHours(-3) : now,
            NotBefore = kind == "expired" ? now.AddHours(-3) : now,
            Expires = kind == "expired" ? now.AddMinutes(-5) : now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        var handler = new JsonWebTokenHandler();
        return kind switch
        {
            "garbage" => "not.a.jwt",
            "alg-none" => Unsigned(handler.CreateToken(descriptor)),
            _ => handler.CreateToken(descriptor),
        };
    }

    private static string Unsigned(string signedToken)
    {
        var parts = signedToken.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        return $"{header}.{parts[1]}.";
    }
}
