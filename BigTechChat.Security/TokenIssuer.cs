using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BigTechChat.Security;

public sealed record IssuedToken(string AccessToken, string Jti, DateTime ExpiresAt, int ExpiresInSeconds);

/// <summary>Issues the HS256 access tokens of API.md §2.</summary>
public sealed class TokenIssuer(IOptions<JwtOptions> options, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public IssuedToken Issue(long userId, string email, string username)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now.Add(settings.AccessTokenLifetime);
        var jti = Guid.NewGuid().ToString("N");
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [JwtRegisteredClaimNames.Email] = email,
                [AuthClaims.Username] = username,
                [AuthClaims.Type] = AuthClaims.AccessTokenType,
                [JwtRegisteredClaimNames.Jti] = jti,
            },
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(settings.SigningKeyBytes), SecurityAlgorithms.HmacSha256),
        };
        return new IssuedToken(Handler.CreateToken(descriptor), jti, expires, (int)settings.AccessTokenLifetime.TotalSeconds);
    }
}

public static class AuthClaims
{
    public const string Username = "username";
    public const string Type = "type";
    public const string AccessTokenType = "access";

    public static long GetUserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Sub)!, System.Globalization.CultureInfo.InvariantCulture);

    public static string GetUsername(this ClaimsPrincipal user) => user.FindFirstValue(Username) ?? string.Empty;

    public static string GetEmail(this ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Email) ?? string.Empty;

    public static string? GetTokenId(this ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Jti);

    public static DateTime GetTokenExpiry(this ClaimsPrincipal user) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Exp) ?? "0",
            System.Globalization.CultureInfo.InvariantCulture)).UtcDateTime;
}
