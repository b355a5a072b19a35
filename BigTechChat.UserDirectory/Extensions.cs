using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.UserDirectory;
using BigTechChat.UserDirectory.IntegrationEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class UserDirectoryExtensions
{
    /// <summary>
    /// The local user directory of a service: fed by <c>user.events</c> and <c>user.online_status</c>, backed by
    /// the user service over HTTP (service discovery + the standard resilience handler) for users not seen yet.
    /// </summary>
    public static EventBusBuilder AddUserDirectory<TContext>(this EventBusBuilder eventBus, IHostApplicationBuilder builder)
        where TContext : DbContext, IUserDirectoryDbContext
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddHttpClient<UserServiceClient>(client => client.BaseAddress = new Uri($"http://{UserServiceClient.ServiceName}"));
        builder.Services.AddScoped<IUserDirectory, UserDirectory<TContext>>();
        return eventBus
            .AddSubscription<UserRegistered, UserRegisteredHandler<TContext>>()
            .AddSubscription<UserProfileUpdated, UserProfileUpdatedHandler<TContext>>()
            .AddSubscription<UserOnlineStatusChanged, UserOnlineStatusChangedHandler<TContext>>();
    }
}
