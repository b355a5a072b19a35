using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using BigTechChat.Security;
using BigTechChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BigTechChat.Gateway.Tests;

/// <summary>The real gateway in memory, pointed at fake back ends, with every log line captured.</summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings) : ServiceFactory<Program>
{
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The in-memory server has no peer address; requests appear to come from this one.</summary>
    public IPAddress RemoteAddress { get; set; } = IPAddress.Loopback;

    public static GatewayFactory For(FakeBackends backends, params (string Key, string? Value)[] overrides)
    {
        var settings = backends.Settings();
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return new GatewayFactory(settings);
    }

    public string IssueToken(long userId = 7) =>
        Services.GetRequiredService<TokenIssuer>().Issue(userId, "alice@example.com", "alice").AccessToken;

    public HttpClient CreateAuthorizedClient(long userId = 7)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IssueToken(userId));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new PeerAddressFilter(this)));
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new CapturingLoggerProvider(Logs));
        });
    }

    private sealed class PeerAddressFilter(GatewayFactory factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = factory.RemoteAddress;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            sink.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {Describe(state)} {exception}");

        /// <summary>Structured values too: a secret must not hide in a field the message template leaves out.</summary>
        private static string Describe<TState>(TState state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))
            : state?.ToString() ?? string.Empty;
    }
}
