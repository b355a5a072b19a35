using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.LoadTest.Store;
using BigTechChat.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.LoadTest.Tests;

/// <summary>The fill on the embedded topology's SQLite file, with the schema the service creates there.</summary>
public sealed class SqliteHistoryFillTests : HistoryFillTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"loadtest-fill-{Guid.NewGuid():N}.db");

    protected override Task<HistoryFill> CreateSchemaAsync()
    {
        Open = () => new ChatDbContext(new DbContextOptionsBuilder<ChatDbContext>().UseSqlite($"Data Source={_path}").Options);
        return CreateAsync(db => db.Database.EnsureCreatedAsync(), () => HistoryFill.ForSqlite(_path));
    }

    [Fact]
    public void A_missing_database_file_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => HistoryFill.ForSqlite(_path + ".missing"));
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>The fill on the local topology's MariaDB, with the schema the service's migrations create there.</summary>
public sealed class MariaDbHistoryFillTests : HistoryFillTests
{
    protected override async Task<HistoryFill> CreateSchemaAsync()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        var connection = await server.CreateDatabaseAsync("fill");
        var version = ServerVersion.AutoDetect(connection);
        Open = () => new ChatDbContext(new DbContextOptionsBuilder<ChatDbContext>().UseMySql(connection, version).Options);
        return await CreateAsync(db => db.Database.MigrateAsync(), () => HistoryFill.ForMySql(connection));
    }
}

/// <summary>The fill writes the chat service's schema as the service would: contiguous seqs, the room's sequence moved on.</summary>
public abstract class HistoryFillTests : IAsyncLifetime
{
    private HistoryFill? _fill;

    protected Func<ChatDbContext> Open { get; set; } = () => throw new InvalidOperationException("No schema yet.");

    private HistoryFill Fill => _fill ?? throw new InvalidOperationException("No schema yet.");

    public async ValueTask InitializeAsync() => _fill = await CreateSchemaAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Creates the schema in a fresh database, sets <see cref="Open"/> and returns the fill under test.</summary>
    protected abstract Task<HistoryFill> CreateSchemaAsync();

    protected async Task<HistoryFill> CreateAsync(Func<ChatDbContext, Task> createSchema, Func<HistoryFill> fill)
    {
        await using var db = Open();
        await createSchema(db);
        db.Rooms.Add(new ChatRoom { Id = 7, RoomType = RoomTypes.Direct, User1Id = 1, User2Id = 2, CreatorId = 1, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, LastActivityAt = DateTime.UnixEpoch });
        db.Rooms.Add(new ChatRoom { Id = 8, RoomType = RoomTypes.Direct, User1Id = 1, User2Id = 3, CreatorId = 1, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, LastActivityAt = DateTime.UnixEpoch });
        db.DirectoryUsers.Add(new BigTechChat.UserDirectory.DirectoryUser { Id = 1, Username = "alice" });
        db.RoomSequences.Add(new RoomSequence { RoomId = 7, LastSeq = 2 });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return fill();
    }

    [Fact]
    public async Task A_fill_across_several_transactions_appends_contiguous_seqs_after_the_rooms_last_one()
    {
        var count = HistoryFill.BatchSize + 1_500;
        var reported = new List<long>();

        var lastSeq = await Fill.FillAsync(7, count, new SynchronousProgress(reported), TestContext.Current.CancellationToken);

        await using var check = Open();
        var seqs = await check.Messages.Where(m => m.RoomId == 7).Select(m => m.Seq).OrderBy(s => s).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(3, count).Select(s => (long)s), seqs);
        Assert.Equal(count + 2L, lastSeq);
        Assert.Equal(lastSeq, (await check.RoomSequences.SingleAsync(s => s.RoomId == 7, TestContext.Current.CancellationToken)).LastSeq);
        Assert.Equal([HistoryFill.BatchSize, count], reported);
        var sample = await check.Messages.FirstAsync(m => m.RoomId == 7, TestContext.Current.CancellationToken);
        Assert.True(MessageIds.IsValid(sample.Id));
        Assert.Equal((1L, "alice", "text"), (sample.UserId, sample.Username, sample.MessageType));
        Assert.True((await check.Rooms.SingleAsync(r => r.Id == 7, TestContext.Current.CancellationToken)).LastActivityAt > DateTime.UnixEpoch);
        Assert.Equal(0, await check.Messages.CountAsync(m => m.RoomId == 8, TestContext.Current.CancellationToken));
        Assert.Empty(await check.OutboxMessages.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_room_without_messages_gets_its_sequence_row()
    {
        var lastSeq = await Fill.FillAsync(8, 10, null, TestContext.Current.CancellationToken);

        await using var check = Open();
        Assert.Equal(10, lastSeq);
        Assert.Equal(10, (await check.RoomSequences.SingleAsync(s => s.RoomId == 8, TestContext.Current.CancellationToken)).LastSeq);
    }

    [Fact]
    public async Task An_unknown_room_is_refused_before_anything_is_written()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Fill.FillAsync(99, 10, null, TestContext.Current.CancellationToken));

        await using var check = Open();
        Assert.Equal(0, await check.Messages.CountAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants every report in order before it asserts.</summary>
    private sealed class SynchronousProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
