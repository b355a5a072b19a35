using System.Net;
using System.Net.Http.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.EventBus.InProcess;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>Two chat-service instances sharing one database and one broker, as two replicas behind a gateway.</summary>
public sealed class MultiInstanceTests
{
    [Fact]
    public async Task Message_sent_on_one_instance_reaches_a_stream_on_the_other_over_sqlite()
    {
        var broker = new InProcessBroker();
        var directory = Directory.CreateTempSubdirectory("chat-shared-").FullName;
        await using var one = new ChatServiceFactory(broker, dataDirectory: directory);
        await using var two = new ChatServiceFactory(broker, dataDirectory: directory);
        await CrossInstanceDeliveryAsync(one, two);
    }

    [Fact]
    public async Task Message_sent_on_one_instance_reaches_a_stream_on_the_other_over_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        var database = await server.CreateDatabaseAsync("chat2");
        var broker = new InProcessBroker();
        await using var one = new ChatServiceFactory(broker, mysqlConnection: database);
        await using var two = new ChatServiceFactory(broker, mysqlConnection: database);
        _ = one.Services;
        await CrossInstanceDeliveryAsync(one, two);
    }

    private static async Task CrossInstanceDeliveryAsync(ChatServiceFactory one, ChatServiceFactory two)
    {
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();
        var room = await one.ClientFor(alice).DirectRoomIdAsync(bob);
        await using var onTwo = await SseReader.OpenAsync(two.ClientFor(bob), $"/api/messages/stream/{room}");
        await using var onOne = await SseReader.OpenAsync(one.ClientFor(alice), $"/api/messages/stream/{room}");
        await onTwo.NextAsync();
        await onOne.NextAsync();

        await one.ClientFor(alice).SendAsync(room, "from instance one");
        await two.ClientFor(bob).SendAsync(room, "from instance two");

        foreach (var stream in new[] { onOne, onTwo })
        {
            var first = await stream.NextOfTypeAsync("new_message");
            var second = await stream.NextOfTypeAsync("new_message");
            Assert.Equal("1", first.Id);
            Assert.Equal("2", second.Id);
            Assert.Equal("from instance one", first.Json.GetProperty("content").GetString());
            Assert.Equal("from instance two", second.Json.GetProperty("content").GetString());
        }

        // A client moving to the other instance resumes there from storage.
        await one.ClientFor(alice).SendAsync(room, "while moving");
        await using var moved = await SseReader.OpenAsync(one.ClientFor(bob), $"/api/messages/stream/{room}", lastEventId: "2");
        Assert.Equal("3", (await moved.NextOfTypeAsync("new_message")).Id);
    }
}
