using System.Net;
using System.Net.Http.Json;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.Testing;
using BigTechChat.UserService.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.UserService.Tests.UserApiClient;

namespace BigTechChat.UserService.Tests;

/// <summary>The whole user flow on a real MariaDB with the schema built by the MySQL migrations.</summary>
public sealed class MariaDbFlowTests
{
    [Fact]
    public async Task Whole_user_flow_runs_on_mariadb_with_migrations_applied()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        var connectionString = await server.CreateDatabaseAsync("userdb");
        await using var factory = new UserServiceFactory
        {
            Settings = { ["ConnectionStrings:userdb"] = connectionString, ["Database:ServerVersion"] = "10.11.0-mariadb" },
        };
        var client = factory.CreateClient();
        var users = new BusProbe(factory.Broker, Topics.UserEvents);

        var stem = UniqueName("maria").ToLowerInvariant();
        var alice = await client.RegisterAndLoginAsync($"{stem}_alice", "Alice");
        var bob = await client.RegisterAndLoginAsync($"{stem}_bob", "Bob");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<UserDbContext>();
            Assert.True(db.Database.IsMySql());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        }

        var duplicate = await client.PostAsJsonAsync("/api/auth/register",
            new { email = alice.Email.ToUpperInvariant(), username = UniqueName(), password = Password });
        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict);
        var race = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsJsonAsync("/api/auth/register",
            new { email = $"{stem}_race@example.com", username = UniqueName(), password = Password })));
        Assert.Single(race, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(race.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));

        var updated = await client.SendAsync(HttpMethod.Put, "/api/profile/me", alice.Token, new { status_message = "on maria" });
        Assert.Equal("on maria", (await updated.ReadJsonAsync()).GetProperty("status_message").GetString());

        var search = await (await client.GetAsync($"/api/users/search?query={stem}_", bob.Token)).ReadJsonAsync();
        Assert.Equal(1, search.GetProperty("total_count").GetInt32()); // bob searches, so only alice
        Assert.Equal($"{stem}_alice", search.GetProperty("users")[0].GetProperty("username").GetString());

        var batch = await (await client.SendAsync(HttpMethod.Post, "/api/users/batch", bob.Token,
            new { user_ids = new[] { alice.Id, bob.Id } })).ReadJsonAsync();
        Assert.Equal(2, batch.GetArrayLength());

        await factory.Services.GetRequiredService<IEventPublisher>().PublishAsync(
            new FriendRequestAccepted(1, alice.Id, alice.Username, bob.Id, bob.Username), TestContext.Current.CancellationToken);
        await EventuallyAsync(async () =>
            (await (await client.GetAsync("/api/online-status/friends", alice.Token)).ReadJsonAsync()).GetArrayLength() == 1, "friend link");

        var logout = await client.SendAsync(HttpMethod.Post, "/api/auth/logout", alice.Token);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        var status = await (await client.GetAsync($"/api/online-status/user/{alice.Id}", bob.Token)).ReadJsonAsync();
        Assert.False(status.GetProperty("is_online").GetBoolean());

        var registered = await users.NextAsync("UserRegistered", e => e.GetProperty("user_id").GetInt64() == alice.Id);
        Assert.Equal(alice.Username, registered.GetProperty("username").GetString());
        await users.NextAsync("UserProfileUpdated", e => e.GetProperty("user_id").GetInt64() == alice.Id);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
    }
}
