using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>No stream frame carries a deleted message's text: not on resume, not from a late event.</summary>
public sealed class DeletedMessageStreamTests : DirectRoomTests
{
    [Fact]
    public async Task Resume_from_the_start_replays_no_deleted_message()
    {
        var secret = (await A.SendAsync(Room, "secret")).GetProperty("id").GetString();
        await A.SendAsync(Room, "kept");
        await (await A.DeleteAsync($"/api/messages/{secret}", Ct)).JsonAsync();

        await using var stream = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}", lastEventId: "0");
        var first = await stream.NextOfTypeAsync("new_message");

        Assert.Equal("2", first.Id);
        Assert.Equal("kept", first.Json.GetProperty("content").GetString());
        Assert.DoesNotContain(stream.RawLines, l => l.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_deleted_before_its_event_is_relayed_is_never_streamed()
    {
        await using (var warmUp = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}"))
        {
            // Proves this instance's fan-out consumer is listening before anything is published by hand.
            await A.SendAsync(Room, "warm-up");
            await warmUp.NextOfTypeAsync("new_message");
        }

        var secret = await A.SendAsync(Room, "secret", "cm-secret");
        await (await A.DeleteAsync($"/api/messages/{secret.GetProperty("id").GetString()}", Ct)).JsonAsync();
        await using var stream = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}");

        // The MessageSent of the deleted message arriving (again, or late) from the bus, as after a relay delay.
        Chat.Broker.Publish(EventEnvelope.From(new MessageSent(
            secret.GetProperty("id").GetString()!, Room, secret.GetProperty("seq").GetInt64(), Alice, "alice", "secret", "text", DateTime.UtcNow)));
        await A.SendAsync(Room, "after");
        var next = await stream.NextOfTypeAsync("new_message");

        Assert.Equal("after", next.Json.GetProperty("content").GetString());
        Assert.DoesNotContain(stream.RawLines, l => l.Contains("secret", StringComparison.Ordinal));
    }
}
