using System.Net.Http.Json;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Persistence;
using BigTechChat.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Contention;

/// <summary>Issue 8: concurrent writes on the embedded SQLite database never answer 5xx, even with the CPU saturated.</summary>
public sealed class SqliteContentionTests : IAsyncLifetime
{
    private const int Rounds = 8;
    // A short busy timeout turns any writer that SQLite's polling lock wait starves into a visible 5xx.
    private readonly ChatServiceFactory _chat = new(settings: new Dictionary<string, string?> { ["Database:BusyTimeout"] = "00:00:01" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Concurrent_room_creation_messages_and_receipts_on_a_saturated_cpu_never_answer_5xx()
    {
        var errors = new ServerErrorTally();
        using var saturation = CpuSaturation.Start();

        for (var round = 0; round < Rounds; round++)
        {
            var users = Enumerable.Range(0, 4).Select(_ => ChatServiceFactory.NewUser()).ToArray();
            var clients = users.Select(_chat.ClientFor).ToArray();

            // Every pair's room asked for from both sides at once: the get-or-create race on one unique index.
            var pairs = from a in Enumerable.Range(0, 4) from b in Enumerable.Range(0, 4) where a != b select (a, b);
            var rooms = await Task.WhenAll(pairs.Select(async p =>
                (p.a, p.b, Response: await errors.CheckAsync(await clients[p.a].GetAsync($"/api/chat-rooms/check/{users[p.b]}", Ct)))));
            var room = (await rooms[0].Response.JsonAsync()).GetProperty("id").GetInt64();
            var group = errors.CheckAsync(await clients[0].PostAsJsonAsync("/api/chat-rooms/group", new { name = $"g{round}", member_ids = users[1..] }, Ct));

            var sends = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
                await errors.CheckAsync(await clients[i % 2].PostAsJsonAsync($"/api/messages/{room}", new { content = $"m{i}", message_type = "text" }, Ct))));
            var ids = new List<string>();
            foreach (var send in sends.Where(s => s.IsSuccessStatusCode))
            {
                ids.Add((await send.JsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("id").ToString());
            }

            await Task.WhenAll(
                Enumerable.Range(0, 8).Select(async i => await errors.CheckAsync(
                    await clients[i % 2].PostAsJsonAsync("/api/messages/read", new { room_id = room, message_ids = ids }, Ct)))
                .Append(group));
        }

        errors.AssertNone(_chat.LoggedErrors);
    }

    [Fact]
    public async Task A_write_outside_a_transaction_waits_in_the_queue_rather_than_in_sqlites_lock_wait()
    {
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();
        var room = await _chat.ClientFor(alice).DirectRoomIdAsync(bob);
        using var holderScope = _chat.Services.CreateScope();
        using var writerScope = _chat.Services.CreateScope();
        var holder = holderScope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var writer = writerScope.ServiceProvider.GetRequiredService<ChatDbContext>();

        // The queued transaction holds SQLite's write lock longer than the 1 s busy timeout; an ExecuteUpdate that
        // bypassed the queue would give up in SQLite's wait with "database is locked".
        await using (var transaction = await holder.Database.BeginTransactionAsync(Ct))
        {
            await holder.Rooms.Where(r => r.Id == room).ExecuteUpdateAsync(set => set.SetProperty(r => r.Name, "held"), Ct);
            // Tagged: EF puts the tag as a comment before the UPDATE, which must still count as a write.
            var update = writer.Rooms.TagWith("renamed while another writer holds the lock").Where(r => r.Id == room)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Name, "after"), Ct);
            await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
            await transaction.CommitAsync(Ct);
            Assert.Equal(1, await update);
        }

        Assert.Equal("after", await writer.Rooms.AsNoTracking().Where(r => r.Id == room).Select(r => r.Name).SingleAsync(Ct));
    }

    [Fact]
    public async Task A_transaction_left_open_on_a_pooled_connection_does_not_break_later_writes()
    {
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();
        var client = _chat.ClientFor(alice);
        var database = _chat.Services.GetRequiredService<ServiceDatabase<ChatDbContext>>();

        // A raw BEGIN the connection object does not know about goes back to the pool with the handle.
        await using (var leaked = new SqliteConnection(database.ConnectionString))
        {
            await leaked.OpenAsync(Ct);
            await using var begin = leaked.CreateCommand();
            begin.CommandText = "BEGIN;";
            await begin.ExecuteNonQueryAsync(Ct);
        }

        var room = await client.DirectRoomIdAsync(bob);
        await client.SendAsync(room, "after the leak");

        var history = await (await _chat.ClientFor(bob).GetAsync($"/api/messages/{room}", Ct)).JsonAsync();
        Assert.Equal("after the leak", history.GetProperty("messages")[0].GetProperty("content").GetString());
    }
}
