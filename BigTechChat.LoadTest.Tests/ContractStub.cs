using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BigTechChat.LoadTest.Tests;

/// <summary>
/// A tiny in-memory server with the API.md paths, status codes and field names the load tool relies on,
/// so every scenario can be run end to end while the real services are built elsewhere.
/// </summary>
public sealed class ContractStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (long Id, string Username, string Password)> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Channel<string>, byte>> _streams = new();
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Channel<string>, byte>> _userStreams = new();
    private readonly ConcurrentDictionary<long, long[]> _roomMembers = new();
    private readonly ConcurrentDictionary<long, long> _roomMessages = new();
    private long _nextId;
    private long _nextCursor;

    private ContractStub(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.First());

    public long MessagesStored => _roomMessages.Values.Sum();

    /// <summary>How many copies of a message (by its seq) each per-user stream gets: 0 drops it, 2 duplicates it.</summary>
    public Func<long, int> UserStreamCopies { get; set; } = _ => 1;

    /// <summary>Answer every stream request 404, as a chat service without the endpoint would.</summary>
    public bool RefuseStreams { get; set; }

    /// <summary>Name another user in the per-user stream's <c>connected</c> frame, as a stream mixed up between users would.</summary>
    public bool ConnectUserStreamsAsSomeoneElse { get; set; }

    public static async Task<ContractStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new ContractStub(app);
        stub.Map(app);
        await app.StartAsync();
        return stub;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/metrics", () => Results.Text(
            "# TYPE dotnet_process_memory_working_set_bytes gauge\ndotnet_process_memory_working_set_bytes 123456789\nhttp_requests_total 5\n",
            "text/plain"));
        app.MapPost("/api/auth/register", async (HttpContext http) =>
        {
            var body = await http.Request.ReadFromJsonAsync<JsonElement>();
            var email = body.GetProperty("email").GetString()!;
            var user = (Id: Interlocked.Increment(ref _nextId), Username: body.GetProperty("username").GetString()!, Password: body.GetProperty("password").GetString()!);
            return _users.TryAdd(email, user)
                ? Results.Json(new { id = user.Id, email, username = user.Username }, statusCode: 201)
                : Results.Problem(detail: "Email already registered", statusCode: 409);
        });
        app.MapPost("/api/auth/login", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            return _users.TryGetValue(form["username"].ToString(), out var user) && user.Password == form["password"]
                ? Results.Json(new { access_token = $"token-{user.Id}", token_type = "bearer", expires_in = 7200 })
                : Results.Problem(detail: "Invalid email or password", statusCode: 401);
        });
        app.MapGet("/api/profile/me", Handler(http => Authorized(http, id => Results.Json(new { id }))));
        app.MapGet("/api/users/search", Handler(http => Authorized(http, _ => Results.Json(new { users = Array.Empty<object>(), total_count = 0 }))));
        app.MapPost("/api/friends/request", Handler(http => Authorized(http, id => Results.Json(new { id = Interlocked.Increment(ref _nextId), user_id_1 = id }, statusCode: 201))));
        app.MapPut("/api/friends/status/{requester:long}", (HttpContext http, long requester) => Authorized(http, _ => Results.Json(new { id = requester, status = "accepted" })));
        app.MapGet("/api/chat-rooms/check/{participant:long}", (HttpContext http, long participant) => Authorized(http, id =>
        {
            var room = (Math.Min(id, participant) * 1_000_000) + Math.Max(id, participant);
            _roomMembers[room] = [id, participant];
            return Results.Json(new { id = room, room_type = "direct" });
        }));
        app.MapPost("/api/chat-rooms/group", Handler(http => Authorized(http, async id =>
        {
            var body = await http.Request.ReadFromJsonAsync<JsonElement>();
            var room = Interlocked.Increment(ref _nextId);
            _roomMembers[room] = [id, .. body.GetProperty("member_ids").EnumerateArray().Select(m => m.GetInt64())];
            return Results.Json(new { id = room, room_type = "group" }, statusCode: 201);
        })));
        app.MapPost("/api/messages/{room:long}", (HttpContext http, long room) => Authorized(http, async id =>
        {
            var body = await http.Request.ReadFromJsonAsync<JsonElement>();
            var seq = _roomMessages.AddOrUpdate(room, 1, (_, n) => n + 1);
            var message = JsonSerializer.Serialize(new
            {
                id = Guid.NewGuid().ToString("N")[..24],
                user_id = id,
                room_id = room,
                content = body.GetProperty("content").GetString(),
                client_message_id = body.TryGetProperty("client_message_id", out var cmid) ? cmid.GetString() : null,
                seq,
            });
            foreach (var stream in _streams.GetOrAdd(room, _ => new()).Keys)
            {
                stream.Writer.TryWrite($"id: {seq}\nevent: new_message\ndata: {message}\n\n");
            }

            // The per-user stream's payload split over two data lines (valid JSON joined by the line feed) and an opaque cursor.
            var split = $"data: {{\ndata: {message[1..]}";
            foreach (var member in _roomMembers.GetValueOrDefault(room) ?? [])
            {
                foreach (var stream in _userStreams.GetOrAdd(member, _ => new()).Keys)
                {
                    for (var copy = 0; copy < UserStreamCopies(seq); copy++)
                    {
                        stream.Writer.TryWrite($"id: u{member}-c{Interlocked.Increment(ref _nextCursor)}\nevent: new_message\n{split}\n\n");
                    }
                }
            }

            return Results.Text(message, "application/json", statusCode: 201);
        }));
        app.MapGet("/api/messages/{room:long}", (HttpContext http, long room) =>
            Authorized(http, _ => Results.Json(new { messages = Array.Empty<object>(), total_count = _roomMessages.GetValueOrDefault(room), has_more = false })));
        app.MapGet("/api/messages/stream/{room:long}", (HttpContext http, long room) => Authorized(http, id =>
            StreamAsync(http, _streams.GetOrAdd(room, _ => new()), $"{{\"room_id\":{room},\"user_id\":{id}}}")));
        app.MapGet("/api/events/stream", Handler(http => Authorized(http, id =>
            StreamAsync(http, _userStreams.GetOrAdd(id, _ => new()), $"{{\"user_id\":{(ConnectUserStreamsAsSomeoneElse ? id + 1000 : id)}}}"))));
    }

    private async Task<IResult> StreamAsync(HttpContext http, ConcurrentDictionary<Channel<string>, byte> streams, string connected)
    {
        if (RefuseStreams)
        {
            return Results.NotFound();
        }

        var channel = Channel.CreateUnbounded<string>();
        streams.TryAdd(channel, 0);
        http.Response.ContentType = "text/event-stream";
        try
        {
            await http.Response.WriteAsync($"event: connected\ndata: {connected}\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await foreach (var frame in channel.Reader.ReadAllAsync(http.RequestAborted))
            {
                await http.Response.WriteAsync(frame, http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            streams.TryRemove(channel, out _);
        }

        return Results.Empty;
    }

    /// <summary>A handler that takes only the context must still have its result written.</summary>
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handle) => handle;

    private static Task<IResult> Authorized(HttpContext http, Func<long, Task<IResult>> handle) =>
        http.Request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Bearer token-", StringComparison.Ordinal)
            && long.TryParse(header["Bearer token-".Length..], out var id)
                ? handle(id)
                : Task.FromResult(Results.Problem(detail: "Could not validate credentials", statusCode: 401));

    private static Task<IResult> Authorized(HttpContext http, Func<long, IResult> handle) =>
        Authorized(http, id => Task.FromResult(handle(id)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
