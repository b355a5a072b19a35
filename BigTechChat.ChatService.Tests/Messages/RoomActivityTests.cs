using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.ChatService.Tests.Messages;

/// <summary>
/// The room-activity rule the MongoDB store's path applies after a send (the relational store applies the same SQL
/// inside its insert): a room moves up the room list, never back when a slower concurrent send commits later.
/// </summary>
public sealed class RoomActivityTests
{
    [Fact]
    public Task Activity_moves_a_room_forward_and_never_back_on_sqlite() => AssertActivityAsync(null);

    [Fact]
    public async Task Activity_moves_a_room_forward_and_never_back_on_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        await AssertActivityAsync(await server.CreateDatabaseAsync("roomactivity"));
    }

    private static async Task AssertActivityAsync(string? mysqlConnection)
    {
        await using var chat = new ChatServiceFactory(mysqlConnection: mysqlConnection);
        var room = await chat.ClientFor(ChatServiceFactory.NewUser()).DirectRoomIdAsync(ChatServiceFactory.NewUser());
        await using var scope = chat.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var created = await ActivityAsync(db, room);
        var later = created.AddMinutes(5);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(1, await RelationalMessageStore.RecordActivityAsync(db, room, later, ct));
        Assert.Equal(later, await ActivityAsync(db, room), TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await RelationalMessageStore.RecordActivityAsync(db, room, later.AddMinutes(-1), ct));
        Assert.Equal(later, await ActivityAsync(db, room), TimeSpan.FromMilliseconds(1));
    }

    private static Task<DateTime> ActivityAsync(ChatDbContext db, long room) =>
        db.Rooms.AsNoTracking().Where(r => r.Id == room).Select(r => r.LastActivityAt).SingleAsync(TestContext.Current.CancellationToken);
}
