using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BigTechChat.Gateway.Tests;

/// <summary>What a back end saw of a forwarded request; fake services answer with it as their body.</summary>
public sealed record EchoedRequest(string Service, string Method, string Path, string Query, Dictionary<string, string> Headers);

/// <summary>A stand-in for one back-end service: a real Kestrel app on a free loopback port.</summary>
public sealed class FakeBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeBackend(WebApplication app, string service)
    {
        _app = app;
        Service = service;
    }

    public string Service { get; }

    public Uri Address => new(_app.Urls.First());

    /// <summary>The stream endpoint writes its second event only after this is set.</summary>
    public TaskCompletionSource ReleaseSecondEvent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstEventWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeBackend> StartAsync(string service)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new FakeBackend(app, service);
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

    private async Task StreamAsync(HttpContext context)
    {
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
public sealed class FakeBackends : IAsyncLifetime
{
    public FakeBackend User { get; private set; } = null!;

    public FakeBackend Friend { get; private set; } = null!;

    public FakeBackend Chat { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        User = await FakeBackend.StartAsync("user");
        Friend = await FakeBackend.StartAsync("friend");
        Chat = await FakeBackend.StartAsync("chat");
    }

    public Dictionary<string, string?> Settings() => new()
    {
        ["services:user:http:0"] = User.Address.ToString(),
        ["services:friend:http:0"] = Friend.Address.ToString(),
        ["services:chat:http:0"] = Chat.Address.ToString(),
    };

    public async ValueTask DisposeAsync()
    {
        await User.DisposeAsync();
        await Friend.DisposeAsync();
        await Chat.DisposeAsync();
    }
}
