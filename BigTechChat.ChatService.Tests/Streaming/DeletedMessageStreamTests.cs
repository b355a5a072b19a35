using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>No stream frame carries a deleted message's text: not on resume, not from a late event.</summary>
public sealed class DeletedMessageStreamTests : IAsyncLifetime
{
    private readonly ChatServiceFactory _chat = new();
    private long _alice, _bob, _room;
    private HttpClient _a = null!, _b = null!;

    public async ValueTask InitializeAsync()
    {
        (_alice, _bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        (_a, _b) = (_chat.ClientFor(_alice), _chat.ClientFor(_bob));
        _room = await _a.DirectRoomIdAsync(_bob);
    }

    public ValueTask DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Resume_from_the_start_replays_no_deleted_message()
    {
        var secret = (await _a.SendAsync(_room, "secret")).GetProperty("id").GetString();
        await _a.SendAsync(_room, "kept");
        await (await _a.DeleteAsync($"/api/messages/{secret}", Ct)).JsonAsync();

        await using var stream = await SseReader.OpenAsync(_b, $"/api/messages/stream/{_room}", lastEventId: "0");
        var first = await stream.NextOfTypeAsync("new_message");

        Assert.Equal("2", first.Id);
        Assert.Equal("kept", first.Json.GetProperty("content").GetString());
        Assert.DoesNotContain(stream.RawLines, l => l.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_deleted_before_its_event_is_relayed_is_never_streamed()
    {
        await using (var warmUp = await SseReader.OpenAsync(_b, $"/api/messages/stream/{_room}"))
        {
            // Proves this instance's fan-out consumer is listening before anything is published by hand.
            await _a.SendAsync(_room, "warm-up");
            await warmUp.NextOfTypeAsync("new_message");
        }

        var secret = await _a.SendAsync(_room, "secret", "cm-secret");
        await (await _a.DeleteAsync($"/api/messages/{secret.GetProperty("id").GetString()}", Ct)).JsonAsync();
        await using var stream = await SseReader.OpenAsync(_b, $"/api/messages/stream/{_room}");

        // The MessageSent of the deleted message arriving (again, or late) from the bus, as after a relay delay.
        _chat.Broker.Publish(EventEnvelope.From(new MessageSent(
            secret.GetProperty("id").GetString()!, _room, secret.GetProperty("seq").GetInt64(), _alice, "alice", "secret", "text", DateTime.UtcNow)));
        await _a.SendAsync(_room, "after");
        var next = await stream.NextOfTypeAsync("new_message");

        Assert.Equal("after", next.Json.GetProperty("content").GetString());
        Assert.DoesNotContain(stream.RawLines, l => l.Contains("secret", StringComparison.Ordinal));
    }
}
