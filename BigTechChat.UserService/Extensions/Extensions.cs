using BigTechChat.IntegrationEvents;
using BigTechChat.Security;
using BigTechChat.UserService.Apis;
using BigTechChat.UserService.Infrastructure;
using BigTechChat.UserService.IntegrationEvents;
using BigTechChat.UserService.Passwords;
using BigTechChat.UserService.Presence;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace BigTechChat.UserService;

public static class UserServiceExtensions
{
    public const string ServiceName = "User Service";
    public const string ConsumerGroup = "user-service";

    public static WebApplicationBuilder AddUserService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        builder.AddApiConventions();
        builder.AddJwtAuthentication();
        builder.AddApiDocs();
        builder.AddApplicationServices();
        return builder;
    }

    public static WebApplication MapUserService(this WebApplication app)
    {
        app.UseApiConventions();
        app.UseRequestAdmission();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodyFormat();
        app.MapDefaultEndpoints();
        app.MapApiDocs(ServiceName);
        app.MapAuthApi();
        app.MapProfileApi();
        app.MapUsersApi();
        app.MapOnlineStatusApi();

        // Probes and logs the bcrypt implementation at start rather than on the first registration.
        _ = app.Services.GetRequiredService<UserMetrics>();
        return app;
    }

    private static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddServiceDatabase<WebApplicationBuilder, UserDbContext>("userdb", "user.db");
        builder.AddEventBus(ConsumerGroup)
            .AddOutbox<UserDbContext>()
            .AddSubscription<FriendRequestAccepted, FriendRequestAcceptedHandler>()
            .AddSubscription<FriendRemoved, FriendRemovedHandler>()
            .AddSubscription<UserBlocked, UserBlockedHandler>()
            .AddSubscription<UserOnlineStatusChanged, UserOnlineStatusChangedHandler>(EventBus.SubscriptionScope.PerInstance);

        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.AddOptionsWithValidateOnStart<PasswordOptions>().BindConfiguration(PasswordOptions.SectionName).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<LoginOptions>().BindConfiguration(LoginOptions.SectionName).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<PresenceOptions>().BindConfiguration(PresenceOptions.SectionName).ValidateDataAnnotations();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<UserMetrics>();
        services.AddSingleton<StatusStreamHub>();
        services.AddScoped<PresenceRecorder>();
        services.AddHostedService<PresenceSweeper>();

        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis")))
        {
            builder.AddRedisConnection();
            services.AddSingleton<PresenceTracker, RedisPresenceTracker>();
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        }
        else
        {
            services.AddSingleton<PresenceTracker, InMemoryPresenceTracker>();
        }
    }
}

/// <summary>Presence and token revocation live in Redis, so the service is unhealthy without it.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F0} ms");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis unreachable", exception);
        }
    }
}
