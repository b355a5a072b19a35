using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.EventBus.InProcess;
using BigTechChat.Security;
using BigTechChat.Testing;
using BigTechChat.UserDirectory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BigTechChat.ChatService.Tests.Infrastructure;

/// <summary>
/// A chat service on its own SQLite file (or the given MariaDB database), with the user service stubbed by
/// <see cref="Users"/>. Hosts given the same broker and database behave as instances of one deployment.
/// </summary>
public sealed class ChatServiceFactory(
    InProcessBroker? broker = null,
    string? mysqlConnection = null,
    string? dataDirectory = null,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? configureServices = null) : ServiceFactory<Program>
{
    private static long _nextUserId = 1_000;

    public InProcessBroker Broker { get; } = broker ?? new InProcessBroker();

    public string DataDirectory { get; } = dataDirectory ?? Directory.CreateTempSubdirectory("chat-service-").FullName;

    /// <summary>What the stubbed user service knows.</summary>
    public static ConcurrentDictionary<long, string> Users { get; } = new();

    public static long NewUser()
    {
        var id = Interlocked.Increment(ref _nextUserId);
        Users[id] = $"user_{id}";
        return id;
    }

    /// <summary>
    /// A host whose database commands a test lists with <see cref="CommandRecorder.Record"/> around its calls (requests
    /// run in the caller's execution context, so the recording follows them).
    /// </summary>
    public static ChatServiceFactory RecordingCommands(string? mysqlConnection)
    {
        var factory = new ChatServiceFactory(mysqlConnection: mysqlConnection, configureServices: services => services.AddSingleton<IInterceptor, CommandRecorder>());
        factory.Server.PreserveExecutionContext = true;
        return factory;
    }

    public HttpClient ClientFor(long userId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId));
        return client;
    }

    public string TokenFor(long userId) =>
        Services.GetRequiredService<TokenIssuer>().Issue(userId, $"u{userId}@example.com", Users.GetValueOrDefault(userId, $"user_{userId}")).AccessToken;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:DataDirectory", DataDirectory);
        if (mysqlConnection is not null)
        {
            builder.UseSetting("ConnectionStrings:chatdb", mysqlConnection);
            builder.UseSetting("Database:ServerVersion", "10.11.0-mariadb");
        }

        builder.UseSetting("EventBus:OutboxPollInterval", "00:00:00.200");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<InProcessBroker>();
            services.AddSingleton(Broker);
            services.AddHttpClient<UserServiceClient>().ConfigurePrimaryHttpMessageHandler(() => new UserServiceStub());
            configureServices?.Invoke(services);
        });
    }

    private sealed class UserServiceStub : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            var profiles = body.RootElement.GetProperty("user_ids").EnumerateArray()
                .Select(id => id.GetInt64())
                .Where(Users.ContainsKey)
                .Select(id => new { id, username = Users[id], display_name = $"User {id}", is_online = false, last_seen_at = (DateTime?)null })
                .ToList();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(profiles, options: ApiJson.Options) };
        }
    }
}
