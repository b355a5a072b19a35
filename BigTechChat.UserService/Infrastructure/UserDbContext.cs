using BigTechChat.EventBus.Outbox;
using BigTechChat.UserService.Model;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.UserService.Infrastructure;

public sealed class UserDbContext(DbContextOptions<UserDbContext> options) : DbContext(options), IOutboxDbContext
{
    public DbSet<User> Users => Set<User>();

    public DbSet<FriendLink> FriendLinks => Set<FriendLink>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Email).HasMaxLength(254);
            user.Property(u => u.NormalizedEmail).HasMaxLength(254);
            user.Property(u => u.Username).HasMaxLength(50);
            user.Property(u => u.NormalizedUsername).HasMaxLength(50);
            user.Property(u => u.PasswordHash).HasMaxLength(100);
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.StatusMessage).HasMaxLength(500);
            user.HasIndex(u => u.NormalizedEmail).IsUnique();
            user.HasIndex(u => u.NormalizedUsername).IsUnique();
        });
        modelBuilder.Entity<FriendLink>(link =>
        {
            link.ToTable("friend_links");
            link.HasKey(l => new { l.UserId, l.FriendId });
            link.HasIndex(l => l.FriendId);
        });
        modelBuilder.AddOutboxTables();
    }
}
