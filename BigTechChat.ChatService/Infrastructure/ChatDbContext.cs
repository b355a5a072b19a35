using BigTechChat.EventBus.Outbox;
using BigTechChat.UserDirectory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BigTechChat.ChatService.Infrastructure;

public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options)
    : DbContext(options), IOutboxDbContext, IUserDirectoryDbContext
{
    public DbSet<ChatRoom> Rooms => Set<ChatRoom>();

    public DbSet<RoomMember> Members => Set<RoomMember>();

    public DbSet<UserBlock> Blocks => Set<UserBlock>();

    public DbSet<RoomDeparture> Departures => Set<RoomDeparture>();

    public DbSet<StreamCheckpoint> StreamCheckpoints => Set<StreamCheckpoint>();

    public DbSet<MessageRecord> Messages => Set<MessageRecord>();

    public DbSet<RoomSequence> RoomSequences => Set<RoomSequence>();

    public DbSet<MessageReaction> Reactions => Set<MessageReaction>();

    public DbSet<MessageReceipt> Receipts => Set<MessageReceipt>();

    public DbSet<ReadCursor> ReadCursors => Set<ReadCursor>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    public DbSet<DirectoryUser> DirectoryUsers => Set<DirectoryUser>();

    public const string MySqlProvider = "Pomelo.EntityFrameworkCore.MySql";

    public bool IsMySql => Database.ProviderName == MySqlProvider;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTimes back as Unspecified; everything stored is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxTables();
        modelBuilder.AddUserDirectoryTable();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChatDbContext).Assembly);
        if (IsMySql)
        {
            // utf8mb4_unicode_ci treats distinct emoji (and letter cases) as equal; these must compare exactly.
            modelBuilder.Entity<MessageReaction>().Property(r => r.Emoji).UseCollation("utf8mb4_bin");
            modelBuilder.Entity<MessageRecord>().Property(m => m.ClientMessageId).UseCollation("utf8mb4_bin");
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
