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

    /// <summary>The claims a validated principal keeps: those the services read (<see cref="Slim"/>).</summary>
    public static readonly IReadOnlyList<string> Kept =
        [JwtRegisteredClaimNames.Sub, JwtRegisteredClaimNames.Email, Username, Type, JwtRegisteredClaimNames.Jti, JwtRegisteredClaimNames.Exp];

    /// <summary>
    /// A copy of a validated access token's principal with only the <see cref="Kept"/> claims, as plain
    /// <see cref="Claim"/>s of one <see cref="ClaimsIdentity"/> (same authentication type, name claim <c>sub</c>). The
    /// validator's identity keeps the parsed token, every registered claim and a property dictionary per claim — about
    /// 4 KB that a stream's request would hold for its whole life (docs/benchmarks.md, target 3).
    /// </summary>
    public static ClaimsPrincipal Slim(ClaimsPrincipal validated)
    {
        var source = validated.Identities.First();
        var claims = new List<Claim>(Kept.Count);
        foreach (var type in Kept)
        {
            if (source.FindFirst(type) is { } claim)
            {
                claims.Add(new Claim(type, claim.Value, claim.ValueType, claim.Issuer));
            }
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, source.AuthenticationType, JwtRegisteredClaimNames.Sub, roleType: null));
    }

    public static long GetUserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Sub)!, System.Globalization.CultureInfo.InvariantCulture);

    public static string GetUsername(this ClaimsPrincipal user) => user.FindFirstValue(Username) ?? string.Empty;

    public static string GetEmail(this ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Email) ?? string.Empty;

    public static string? GetTokenId(this ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Jti);

    public static DateTime GetTokenExpiry(this ClaimsPrincipal user) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Exp) ?? "0",
            System.Globalization.CultureInfo.InvariantCulture)).UtcDateTime;
}
