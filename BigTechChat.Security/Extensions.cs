using BigTechChat.ApiConventions;
using BigTechChat.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class SecurityExtensions
{
    /// <summary>Streams are opened by browsers' EventSource, which cannot send headers.</summary>
    public const string AccessTokenQueryParameter = "access_token";

    /// <summary>
    /// JWT bearer validation exactly as API.md §2: HS256 only, issuer, audience, 30 s skew, <c>type == access</c>
    /// and a jti that is not revoked. Failures answer 401 problem details. Streams use <see cref="TokenLifetimeMonitor"/>
    /// to end when their token is revoked or expires later.
    /// </summary>
    public static TBuilder AddJwtAuthentication<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptionsWithValidateOnStart<JwtOptions>()
            .Bind(builder.Configuration.GetSection(JwtOptions.SectionName));
        builder.Services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<TokenIssuer>();
        builder.AddTokenRevocationList();
        builder.Services.TryAddSingleton<TokenLifetimeMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TokenLifetimeMonitor>());

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) => ConfigureBearer(bearer, jwt.Value));
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>Redis when <c>ConnectionStrings:redis</c> is set, else the in-memory list (embedded mode).</summary>
    public static TBuilder AddTokenRevocationList<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis")))
        {
            builder.AddRedisConnection();
            builder.Services.TryAddSingleton<ITokenRevocationList, RedisTokenRevocationList>();
        }
        else
        {
            builder.Services.TryAddSingleton<ITokenRevocationList, InMemoryTokenRevocationList>();
        }

        return builder;
    }

    /// <summary>
    /// One multiplexer per host from <c>ConnectionStrings:redis</c> through Aspire's Redis client (health check
    /// and tracing included), connected in the background so a Redis outage never stops the service from starting.
    /// BigTechChat.EventBus registers the same client; whichever runs first provides the one multiplexer.
    /// </summary>
    public static TBuilder AddRedisConnection<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(IConnectionMultiplexer)))
        {
            return builder;
        }

        builder.AddRedisClient("redis", configureOptions: options =>
        {
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = BacklogPolicy.FailFast;
        });
        return builder;
    }

    private static void ConfigureBearer(JwtBearerOptions bearer, JwtOptions jwt)
    {
        bearer.MapInboundClaims = false;
        bearer.RequireHttpsMetadata = false;
        // A stream's request keeps its ticket for hours: the token string is not copied into it (nothing reads it back).
        bearer.SaveToken = false;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            IssuerSigningKey = new SymmetricSecurityKey(jwt.SigningKeyBytes),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = jwt.ClockSkew,
            NameClaimType = JwtRegisteredClaimNames.Sub,
        };
        bearer.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (string.IsNullOrEmpty(context.Token)
                    && context.Request.Query.TryGetValue(AccessTokenQueryParameter, out var token)
                    && IsStreamRequest(context.Request))
                {
                    context.Token = token.ToString();
                }

                return Task.CompletedTask;
            },
            OnTokenValidated = async context =>
            {
                var principal = context.Principal!;
                if (principal.FindFirst(AuthClaims.Type)?.Value != AuthClaims.AccessTokenType
                    || !long.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out _))
                {
                    context.Fail("Not an access token");
                    return;
                }

                var jti = principal.GetTokenId();
                var revocations = context.HttpContext.RequestServices.GetRequiredService<ITokenRevocationList>();
                if (jti is null || await revocations.IsRevokedAsync(jti, context.HttpContext.RequestAborted))
                {
                    context.Fail("Token has been revoked");
                    return;
                }

                context.Principal = AuthClaims.Slim(principal);
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ApiProblem.Unauthorized().ExecuteAsync(context.HttpContext);
            },
            OnForbidden = context =>
                ApiProblem.Forbidden("Not allowed").ExecuteAsync(context.HttpContext),
        };
    }

    public static bool IsStreamRequest(HttpRequest request) =>
        request.Method == HttpMethods.Get && request.Path.Value?.Contains("/stream", StringComparison.Ordinal) == true;
}
