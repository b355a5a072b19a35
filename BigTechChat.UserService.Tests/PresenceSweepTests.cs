using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.IntegrationEvents;
using BigTechChat.Testing;
using BigTechChat.UserService.Infrastructure;
using BigTechChat.UserService.Presence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.UserService.Tests;

/// <summary>
/// A sweep's lapses are written together: each in its own transaction, a sweep of a busy minute held the database's
/// write lock in a burst that stalled every request (docs/benchmarks.md, target 4).
/// </summary>
public sealed class PresenceSweepTests
{
    [Fact]
    public async Task A_sweep_records_all_its_lapses_in_one_write_transaction()
    {
        await using var factory = new UserServiceFactory { RecordCommands = true };
        var client = factory.CreateClient();
        var users = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((await client.RegisterAndLoginAsync()).Id);
        }

        const long unknownUser = 987_654_321;
        await using var scope = factory.Services.CreateAsyncScope();
        var commands = CommandRecorder.Record();
        await scope.ServiceProvider.GetRequiredService<PresenceRecorder>()
            .LapsedAsync([.. users, unknownUser], TestContext.Current.CancellationToken);

        var writes = commands.Where(c => !c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, w => Assert.NotNull(w.Transaction));
        Assert.Single(writes.Select(w => w.Transaction).Distinct());

        var db = scope.ServiceProvider.GetRequiredService<UserDbContext>();
        var offline = (await db.OutboxMessages.AsNoTracking()
                .Where(o => o.EventType == nameof(UserOnlineStatusChanged))
                .Select(o => o.Payload)
                .ToListAsync(TestContext.Current.CancellationToken))
            .Select(p => JsonSerializer.Deserialize<UserOnlineStatusChanged>(p, ApiJson.Options)!)
            .Where(e => !e.IsOnline)
            .ToList();
        Assert.Equal(users.Order(), offline.Select(e => e.UserId).Order());
        var lastSeen = await db.Users.AsNoTracking().Where(u => users.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.LastSeenAt, TestContext.Current.CancellationToken);
        Assert.All(offline, e => Assert.Equal(e.LastSeenAt!.Value, lastSeen[e.UserId]!.Value, TimeSpan.FromMilliseconds(1)));
    }
}
