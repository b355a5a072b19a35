using System.Text.Json;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;

namespace BigTechChat.EventBus.Tests;

public sealed class IntegrationEventSerializationTests
{
    [Fact]
    public void Envelope_payload_is_snake_case_with_event_id_timestamp_and_event_type()
    {
        var registered = new UserRegistered(42, "a@example.com", "alice", "Alice");

        var envelope = EventEnvelope.From(registered);
        using var payload = JsonDocument.Parse(envelope.Payload);
        var root = payload.RootElement;

        Assert.Equal(Topics.UserEvents, envelope.Topic);
        Assert.Equal("42", envelope.Key);
        Assert.Equal("UserRegistered", root.GetProperty("__event_type__").GetString());
        Assert.Equal(registered.EventId, root.GetProperty("event_id").GetGuid());
        Assert.EndsWith("Z", root.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        Assert.Equal(42, root.GetProperty("user_id").GetInt64());
        Assert.Equal("alice", root.GetProperty("username").GetString());
        Assert.False(root.TryGetProperty("partition_key", out _));
    }

    [Fact]
    public void Friend_events_are_keyed_by_the_lower_user_id_of_the_pair()
    {
        Assert.Equal("3", new UserBlocked(BlockerId: 9, BlockedId: 3).GetPartitionKey());
        Assert.Equal("3", new FriendRemoved(UserId: 3, FriendId: 9).GetPartitionKey());
    }
}
