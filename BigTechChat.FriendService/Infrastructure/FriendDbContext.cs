using BigTechChat.EventBus.Outbox;
using BigTechChat.FriendService.Model;
using BigTechChat.UserDirectory;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.FriendService.Infrastructure;

public sealed class FriendDbContext(DbContextOptions<FriendDbContext> options)
    : DbContext(options), IOutboxDbContext, IUserDirectoryDbContext
{
    public DbSet<Friendship> Friendships => Set<Friendship>();

    public DbSet<UserBlock> UserBlocks => Set<UserBlock>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    public DbSet<DirectoryUser> DirectoryUsers => Set<DirectoryUser>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Friendship>(friendship =>
        {
            friendship.ToTable("friendships");
            friendship.HasKey(f => f.Id);
            friendship.Property(f => f.Status)
                .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<FriendshipStatus>(s, true))
                .HasMaxLength(16)
                .IsConcurrencyToken(); // Every transition changes the status, so racing transitions cannot both win.
            friendship.Property(f => f.Message).HasMaxLength(Friendship.MaxMessageLength);
            friendship.Property(f => f.LivePairKey).HasMaxLength(41);
            friendship.HasIndex(f => f.LivePairKey).IsUnique();
            friendship.HasIndex(f => new { f.RequesterId, f.Status });
            friendship.HasIndex(f => new { f.AddresseeId, f.Status });
        });
        modelBuilder.Entity<UserBlock>(block =>
        {
            block.ToTable("user_blocks");
            block.HasKey(b => new { b.BlockerId, b.BlockedId });
            block.HasIndex(b => b.BlockedId);
        });
        modelBuilder.AddOutboxTables();
        modelBuilder.AddUserDirectoryTable();
    }
}
