using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace BigTechChat.Gateway.Tests;

/// <summary>What a back end saw of a forwarded request; fake services answer with it as their body.</summary>
public sealed record EchoedRequest(string Service, string Method, string Path, string Query, Dictionary<string, string> Headers);

/// <summary>A stand-in for one back-end service: a real Kestrel app on a free loopback port.</summary>
public sealed class FakeBackend : IAsyncDisposable
{
    /// <summary>A request carrying this header is answered with its status and no body, as a failing or refusing service would.</summary>
    public const string AnswerStatusHeader = "X-Fake-Status";

    /// <summary>With <see cref="AnswerStatusHeader"/>: the <c>Retry-After</c> of that answer.</summary>
    public const string AnswerRetryAfterHeader = "X-Fake-Retry-After";

    private readonly WebApplication _app;

    private readonly ListenOptions[] _listeners;
    private int _http2Connections;
    private int _openStreams;

    private FakeBackend(WebApplication app, string service, ListenOptions[] listeners)
    {
        _app = app;
        Service = service;
        _listeners = listeners;
    }

    public string Service { get; }

    public Uri Address => _listeners.Length > 0 ? UrlOf(_listeners[0]) : new(_app.Urls.First());

    /// <summary>The HTTP/2-only (h2c) endpoint, when started with one.</summary>
    public Uri? Http2Address => _listeners.Length > 1 ? UrlOf(_listeners[1]) : null;

    /// <summary>Connections accepted on the h2c endpoint so far.</summary>
    public int Http2Connections => Volatile.Read(ref _http2Connections);

    /// <summary>Stream requests being served now.</summary>
    public int OpenStreams => Volatile.Read(ref _openStreams);

    /// <summary>The protocol of each stream request served (e.g. <c>HTTP/2</c>).</summary>
    public ConcurrentQueue<string> StreamProtocols { get; } = new();

    /// <summary>The stream endpoint writes its second event only after this is set.</summary>
    public TaskCompletionSource ReleaseSecondEvent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstEventWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the fake; with <paramref name="http2StreamsPerConnection"/> it also listens for h2c with that stream limit.</summary>
    public static async Task<FakeBackend> StartAsync(string service, int? http2StreamsPerConnection = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var listeners = new List<ListenOptions>();
        FakeBackend? backend = null;
        if (http2StreamsPerConnection is { } streams)
        {
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Limits.Http2.MaxStreamsPerConnection = streams;
                kestrel.Listen(IPAddress.Loopback, 0, listeners.Add);
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    listen.Use(next => connection =>
                    {
                        Interlocked.Increment(ref backend!._http2Connections);
                        return next(connection);
                    });
                    listeners.Add(listen);
                });
            });
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        var app = builder.Build();
        backend = new FakeBackend(app, service, [.. listeners]);
        app.Use(AnswerStatusAsync);
        app.MapGet("/health", () => Results.Json(new { status = "healthy", service }));
        app.MapGet("/api/messages/stream/{roomId}", backend.StreamAsync);
        app.MapGet("/api/online-status/stream", backend.StreamAsync);
        app.Map("/{**path}", (HttpContext context) => Results.Json(new EchoedRequest(
            service,
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase))));
        await app.StartAsync();
        return backend;
    }

    /// <summary>A port nothing listens on: the address of a service that is down.</summary>
    public static Uri UnusedAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    private static Task AnswerStatusAsync(HttpContext context, RequestDelegate next)
    {
        if (!int.TryParse(context.Request.Headers[AnswerStatusHeader], out var status))
        {
            return next(context);
        }

        context.Response.StatusCode = status;
        if (context.Request.Headers[AnswerRetryAfterHeader] is { Count: > 0 } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return Task.CompletedTask;
    }

    private static Uri UrlOf(ListenOptions listen) => new($"http://127.0.0.1:{listen.IPEndPoint!.Port}");

    private async Task StreamAsync(HttpContext context)
    {
        StreamProtocols.Enqueue(context.Request.Protocol);
        Interlocked.Increment(ref _openStreams);
        context.Response.RegisterForDispose(new Release(() => Interlocked.Decrement(ref _openStreams)));
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync("event: connected\ndata: {\"n\":1}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        FirstEventWritten.TrySetResult();
        await ReleaseSecondEvent.Task.WaitAsync(context.RequestAborted);
        await context.Response.WriteAsync("event: new_message\ndata: {\"n\":2}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseSecondEvent.TrySetCanceled();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The three fake services, shared by a test class.</summary>
public class FakeBackends : IAsyncLifetime
{
    /// <summary>When set, each fake also listens for h2c with this many streams per connection and the gateway uses it.</summary>
    protected virtual int? Http2StreamsPerConnection => null;

    public FakeBackend User { get; private set; } = null!;

    public FakeBackend Friend { get; private set; } = null!;

    public FakeBackend Chat { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        User = await FakeBackend.StartAsync("user", Http2StreamsPerConnection);
        Friend = await FakeBackend.StartAsync("friend", Http2StreamsPerConnection);
        Chat = await FakeBackend.StartAsync("chat", Http2StreamsPerConnection);
    }

    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>();
        foreach (var backend in new[] { User, Friend, Chat })
        {
            settings[$"services:{backend.Service}:http:0"] = backend.Address.ToString();
            if (backend.Http2Address is { } http2)
            {
                settings[$"services:{backend.Service}:h2c:0"] = http2.ToString();
            }
        }

        return settings;
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await User.DisposeAsync();
        await Friend.DisposeAsync();
        await Chat.DisposeAsync();
    }
}

/// <summary>The fakes with h2c endpoints of 100 streams per connection (the client's assumption until SETTINGS arrive).</summary>
public sealed class Http2FakeBackends : FakeBackends
{
    public const int StreamsPerConnection = 100;

    protected override int? Http2StreamsPerConnection => StreamsPerConnection;
}

internal sealed class Release(Action action) : IDisposable
{
    public void Dispose() => action();
}
