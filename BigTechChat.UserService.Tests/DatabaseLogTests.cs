using BigTechChat.Persistence;
using BigTechChat.UserService.Infrastructure;
using BigTechChat.UserService.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.UserService.Tests.UserApiClient;

namespace BigTechChat.UserService.Tests;

/// <summary>
/// A unique violation is how the services settle races (registration, directory, blocks, receipts): the caller catches
/// it, so the database layer must not report it as an error (docs/operations.md, logs).
/// </summary>
public sealed class DatabaseLogTests(UserServiceFactory factory) : IClassFixture<UserServiceFactory>
{
    [Fact]
    public async Task A_unique_violation_reaches_its_caller_without_an_error_in_the_log()
    {
        var ct = TestContext.Current.CancellationToken;
        var registered = await factory.CreateClient().RegisterAndLoginAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UserDbContext>();
        var existing = await db.Users.AsNoTracking().SingleAsync(u => u.Id == registered.Id, ct);
        db.Users.Add(new User
        {
            Email = existing.Email,
            NormalizedEmail = existing.NormalizedEmail,
            Username = UniqueName("second"),
            NormalizedUsername = UniqueName("second"),
            PasswordHash = existing.PasswordHash,
        });

        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));

        Assert.True(failure.IsUniqueViolation());
        Assert.DoesNotContain(factory.LoggedErrors, e => e.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }
}
