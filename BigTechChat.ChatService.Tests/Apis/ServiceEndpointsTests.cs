using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

public sealed class ServiceEndpointsTests : IAsyncLifetime
{
    private readonly ChatServiceFactory _chat = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Health_names_the_chat_service()
    {
        var health = await (await _chat.CreateClient().GetAsync("/health", Ct)).JsonAsync();

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("Chat Service", health.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Openapi_document_lists_the_chat_endpoints()
    {
        var document = await (await _chat.CreateClient().GetAsync("/openapi/v1.json", Ct)).JsonAsync();
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/chat-rooms/check/{participantId}", paths);
        Assert.Contains("/api/messages/stream/{roomId}", paths);
        Assert.Contains("/api/messages/{roomId}/read-up-to", paths);
    }

    [Fact]
    public async Task Metrics_expose_sent_messages_and_open_streams()
    {
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();
        var room = await _chat.ClientFor(alice).DirectRoomIdAsync(bob);
        await using var stream = await SseReader.OpenAsync(_chat.ClientFor(bob), $"/api/messages/stream/{room}");
        await stream.NextAsync();
        await _chat.ClientFor(alice).SendAsync(room, "counted");

        await EventuallyAsync(async () =>
        {
            var metrics = await _chat.CreateClient().GetStringAsync("/metrics", Ct);
            return metrics.Contains("chat_messages_sent_total", StringComparison.Ordinal)
                && metrics.Split('\n').Any(l => l.StartsWith("chat_sse_connections", StringComparison.Ordinal) && !l.TrimEnd().EndsWith(" 0", StringComparison.Ordinal));
        }, "chat metrics on /metrics");
    }
}
