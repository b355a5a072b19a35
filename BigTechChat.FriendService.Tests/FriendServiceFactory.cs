using System.Net.Http.Headers;
using BigTechChat.EventBus;
using BigTechChat.EventBus.InProcess;
using BigTechChat.FriendService.Infrastructure;
using BigTechChat.IntegrationEvents;
using BigTechChat.Security;
using BigTechChat.Testing;
using BigTechChat.UserDirectory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace BigTechChat.FriendService.Tests;

public sealed record TestUser(long Id, string Username, HttpClient Client);

/// <summary>
/// The friend service in memory, on its own SQLite folder (or a fresh MariaDB database), with the user service
/// replaced by <see cref="StubUserService"/>.
/// </summary>
public sealed class FriendServiceFactory(string? mysqlConnectionString = null, IReadOnlyDictionary<string, string?>? settings = null) : ServiceFactory<Program>
{
    private static long _nextUserId = 1000;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("friend-tests-").FullName;

    public StubUserService UserService { get; } = new();

    public static async Task<FriendServiceFactory> OnMariaDbAsync()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        return new FriendServiceFactory(await server.CreateDatabaseAsync("friend"));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:DataDirectory", _dataDirectory);
        builder.UseSetting("services:user:http:0", "http://user-service.test");
        if (mysqlConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:frienddb", mysqlConnectionString);
            builder.UseSetting("Database:ServerVersion", "10.11.0-mariadb");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddHttpClient<UserServiceClient>().ConfigurePrimaryHttpMessageHandler(() => UserService);
            services.ConfigureAll<HttpStandardResilienceOptions>(options => options.Retry.Delay = TimeSpan.FromMilliseconds(1));
        });
    }

    public HttpClient ClientFor(long userId, string username)
    {
        var token = Services.GetRequiredService<TokenIssuer>().Issue(userId, $"{username}@example.com", username);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    /// <summary>A user the friend service learns about the way it should: a <c>UserRegistered</c> event.</summary>
    public Task<TestUser> RegisterUserAsync(string name, string? displayName = null) =>
        RegisterUserAsync(NextUserId(), name, displayName);

    /// <summary>A fresh user id no user has yet, for events that come before the registration.</summary>
    public long NextUserId() => Interlocked.Increment(ref _nextUserId);

    /// <summary>Registers the user with a given id (see <see cref="NextUserId"/>).</summary>
    public async Task<TestUser> RegisterUserAsync(long id, string name, string? displayName = null)
    {
        var username = $"{name}{id}";
        Services.GetRequiredService<InProcessBroker>().Join(Topics.UserEvents, "friend-service"); // Consumer may not have joined yet.
        await Services.GetRequiredService<IEventPublisher>()
            .PublishAsync(new UserRegistered(id, $"{username}@example.com", username, displayName ?? name.ToUpperInvariant()));
        await Eventually.TrueAsync(async () =>
        {
            await using var scope = Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<FriendDbContext>().DirectoryUsers.AnyAsync(u => u.Id == id && u.Username == username);
        }, $"user {id} reached the directory");
        return new TestUser(id, username, ClientFor(id, username));
    }

    /// <summary>A user only the user service knows: the friend service must fall back to HTTP.</summary>
    public TestUser UserKnownOnlyToUserService(string name)
    {
        var id = Interlocked.Increment(ref _nextUserId);
        var username = $"{name}{id}";
        UserService.Add(id, username, name.ToUpperInvariant());
        return new TestUser(id, username, ClientFor(id, username));
    }

    public async Task<T> InDbAsync<T>(Func<FriendDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FriendDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the OS temp cleaner gets it.
        }
    }
}

public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(20);
        }
    }
}
