using System.Collections.Concurrent;
using System.Data.Common;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.EventBus.Outbox;
using BigTechChat.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.ChatService.Tests.Messages;

/// <summary>
/// Every query a history read runs (page, total_count, has_more, reactions) seeks an index and reads about a page of
/// rows, however big the room (issue 10, target 6). SQLite proves it by EXPLAIN QUERY PLAN, MariaDB by ANALYZE's
/// rows actually read; both also check that total_count and has_more stay exact with deleted messages in the room.
/// </summary>
public abstract class HistoryQueryPlanContract
{
    protected const int RoomSize = 3_000;
    protected const int Limit = 20;
    protected const long DeletedSeqA = 1_500;
    protected const long DeletedSeqB = 2_990;
    private static long _nextRoom = 50_000;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected SqlRecorder Recorder { get; } = new();

    protected IServiceProvider Services { get; private set; } = null!;

    /// <summary>A DbContext registration over a fresh database, with <see cref="Recorder"/> attached.</summary>
    protected abstract Task<IServiceCollection> CreateServicesAsync();

    /// <summary>Asserts the command (run with its recorded parameters) seeks an index and reads about a page.</summary>
    protected abstract Task AssertReadsAPageAsync(ChatDbContext db, RecordedCommand command);

    public static TheoryData<string> PagingModes => ["newest", "before_seq", "after_seq"];

    [Theory]
    [MemberData(nameof(PagingModes))]
    public async Task Every_history_query_seeks_an_index_and_reads_about_a_page(string mode)
    {
        var (store, room) = await CreateRoomAsync();

        var commands = SqlRecorder.Record();
        var page = await ReadAsync(store, room, mode);

        Assert.Equal(Limit, page.Messages.Count);
        Assert.NotEmpty(commands);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        foreach (var command in commands)
        {
            await AssertReadsAPageAsync(db, command);
        }
    }

    [Fact]
    public async Task Total_count_and_has_more_stay_exact_in_a_big_room_with_deleted_messages()
    {
        var (store, room) = await CreateRoomAsync();
        const long visible = RoomSize - 2;

        var newest = await store.GetPageAsync(room, 0, Limit, Ct);
        var last = await store.GetPageAsync(room, (int)visible - 5, Limit, Ct);
        var around = await store.GetBeforeSeqAsync(room, DeletedSeqA + 10, Limit, Ct);
        var oldest = await store.GetBeforeSeqAsync(room, 6, Limit, Ct);
        var tail = await store.GetAfterSeqAsync(room, DeletedSeqB - 5, Limit, Ct);

        Assert.All(new[] { newest, last, around, oldest, tail }, p => Assert.Equal(visible, p.TotalCount));
        Assert.Equal((true, 5, false), (newest.HasMore, last.Messages.Count, last.HasMore));
        Assert.DoesNotContain(newest.Messages, m => m.Seq == DeletedSeqB);
        Assert.Equal([.. Enumerable.Range(1, (int)RoomSize).Select(i => (long)i).Where(s => s != DeletedSeqB).TakeLast(Limit)], newest.Messages.Select(m => m.Seq));
        Assert.Equal([.. Enumerable.Range((int)DeletedSeqA - 11, 21).Select(i => (long)i).Where(s => s != DeletedSeqA)], around.Messages.Select(m => m.Seq));
        Assert.True(around.HasMore);
        Assert.Equal([1L, 2, 3, 4, 5], oldest.Messages.Select(m => m.Seq));
        Assert.False(oldest.HasMore);
        Assert.Equal([DeletedSeqB - 4, DeletedSeqB - 3, DeletedSeqB - 2, DeletedSeqB - 1, .. Enumerable.Range((int)DeletedSeqB + 1, 10).Select(i => (long)i)],
            tail.Messages.Select(m => m.Seq));
        Assert.False(tail.HasMore);
    }

    private static Task<MessagePage> ReadAsync(IMessageStore store, long room, string mode) => mode switch
    {
        "newest" => store.GetPageAsync(room, 0, Limit, Ct),
        "before_seq" => store.GetBeforeSeqAsync(room, RoomSize / 10, Limit, Ct),
        "after_seq" => store.GetAfterSeqAsync(room, RoomSize / 2, Limit, Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>A room of <see cref="RoomSize"/> messages written straight to the tables, each with a reaction, two deleted.</summary>
    private async Task<(IMessageStore Store, long Room)> CreateRoomAsync()
    {
        Services = (await CreateServicesAsync()).BuildServiceProvider();
        var store = new RelationalMessageStore(Services.GetRequiredService<IServiceScopeFactory>(), new OutboxSignal());
        var room = Interlocked.Increment(ref _nextRoom);
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var seq = 1L; seq <= RoomSize; seq++)
            {
                db.Messages.Add(new MessageRecord
                {
                    Id = MessageIds.NewId(),
                    RoomId = room,
                    Seq = seq,
                    UserId = 1 + (seq % 2),
                    Username = $"user{1 + (seq % 2)}",
                    Content = $"m{seq}",
                    MessageType = "text",
                    CreatedAt = at,
                    UpdatedAt = at,
                });
            }

            // A reaction on every message, so the reactions lookup faces a table bigger than a page too.
            db.Reactions.AddRange(db.ChangeTracker.Entries<MessageRecord>().Select(e => new MessageReaction
            {
                MessageId = e.Entity.Id,
                UserId = 3,
                Emoji = "🎉",
                CreatedAt = at,
            }).ToList());
            db.RoomSequences.Add(new RoomSequence { RoomId = room, LastSeq = RoomSize });
            await db.SaveChangesAsync(Ct);
        }

        var byId = await store.GetAfterSeqAsync(room, RoomSize - 20, 20, Ct);
        await store.AddReactionAsync(byId.Messages[^1].Id, 2, "👍", null, Ct);
        foreach (var seq in new[] { DeletedSeqA, DeletedSeqB })
        {
            var target = (await store.GetAfterSeqAsync(room, seq - 1, 1, Ct)).Messages[0];
            Assert.Equal(MessageChangeStatus.Changed, (await store.DeleteAsync(target.Id, target.UserId, at, null, Ct)).Status);
        }

        return (store, room);
    }

}

/// <summary>One SQL command as EF ran it: text and parameter values.</summary>
public sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
{
    /// <summary>A command on <paramref name="connection"/> running <paramref name="prefix"/> + this SQL with the same parameters.</summary>
    public DbCommand Prefixed(DbConnection connection, string prefix)
    {
        var command = connection.CreateCommand();
        command.CommandText = prefix + Sql;
        foreach (var (name, value) in Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public override string ToString() => $"{Sql} [{string.Join(", ", Parameters.Select(p => $"{p.Name}={p.Value}"))}]";
}

/// <summary>Records the reader commands EF runs inside <see cref="Record"/>'s async flow, with their parameters.</summary>
public sealed class SqlRecorder : DbCommandInterceptor
{
    private static readonly AsyncLocal<ConcurrentQueue<RecordedCommand>?> Current = new();

    public static ConcurrentQueue<RecordedCommand> Record() => Current.Value = new();

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Current.Value?.Enqueue(new RecordedCommand(command.CommandText,
            [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value is DBNull ? null : p.Value))]));
        return ValueTask.FromResult(result);
    }
}

public sealed class SqliteHistoryQueryPlanTests : HistoryQueryPlanContract
{
    protected override async Task<IServiceCollection> CreateServicesAsync()
    {
        var directory = Directory.CreateTempSubdirectory("chat-plan-").FullName;
        var connection = $"Data Source={Path.Combine(directory, "chat.db")};Pooling=True;Default Timeout=30";
        var services = new ServiceCollection().AddDbContext<ChatDbContext>(o => o.UseSqlite(connection).AddInterceptors(Recorder));
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        // The embedded topology creates its SQLite schema from the model (DatabaseInitializer), not by migrations.
        await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Database.EnsureCreatedAsync(Ct);
        return services;
    }

    protected override async Task AssertReadsAPageAsync(ChatDbContext db, RecordedCommand command)
    {
        await db.Database.OpenConnectionAsync(Ct);
        var connection = db.Database.GetDbConnection();
        await using var explain = command.Prefixed(connection, "EXPLAIN QUERY PLAN ");
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(3));
            }
        }

        var shown = $"{command}\n{string.Join('\n', plan)}";
        // A SCAN reads a whole table or index; only the json_each of the page's own ids (the reactions' IN list) may be scanned.
        Assert.All(plan.Where(step => step.StartsWith("SCAN", StringComparison.Ordinal)),
            step => Assert.True(step.Contains("VIRTUAL TABLE", StringComparison.Ordinal), shown));
        Assert.All(plan.Where(step => step.StartsWith("SEARCH", StringComparison.Ordinal)),
            step => Assert.True(step.Contains(" USING ", StringComparison.Ordinal), shown));
        if (command.Sql.Contains("FROM \"messages\"", StringComparison.Ordinal))
        {
            // The room's visible (or deleted) rows in seq order: an equality on IsDeleted, and no sort of the room.
            Assert.True(plan.Any(step => step.Contains("IX_messages_RoomId_IsDeleted_Seq (RoomId=? AND IsDeleted=?", StringComparison.Ordinal)), shown);
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }
}

public sealed class MariaDbHistoryQueryPlanTests : HistoryQueryPlanContract
{
    protected override async Task<IServiceCollection> CreateServicesAsync()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        var connection = await server.CreateDatabaseAsync("chatplan");
        var services = new ServiceCollection().AddDbContext<ChatDbContext>(o =>
            o.UseMySql(connection, ServerVersion.Parse("10.11.0-mariadb")).AddInterceptors(Recorder));
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Database.MigrateAsync(Ct);
        return services;
    }

    protected override async Task AssertReadsAPageAsync(ChatDbContext db, RecordedCommand command)
    {
        await db.Database.OpenConnectionAsync(Ct);
        var connection = db.Database.GetDbConnection();
        // ANALYZE runs the statement and reports the rows each step really read (r_rows), which EXPLAIN only estimates.
        await using var analyze = command.Prefixed(connection, "ANALYZE ");
        var steps = new List<(string Table, string Type, string? Key, double ReadRows, string Extra)>();
        await using (var reader = await analyze.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                var readRows = reader["r_rows"] is DBNull or null ? 0 : Convert.ToDouble(reader["r_rows"], System.Globalization.CultureInfo.InvariantCulture);
                steps.Add((reader["table"]?.ToString() ?? "", reader["type"]?.ToString() ?? "", reader["key"] as string, readRows,
                    reader["Extra"]?.ToString() ?? ""));
            }
        }

        var shown = $"{command}\n{string.Join('\n', steps)}";
        Assert.NotEmpty(steps);
        foreach (var step in steps.Where(s => s.Table.Length > 0 && !s.Table.StartsWith('<')))
        {
            // ALL and index read the whole table or index; the rows read must stay about one page.
            Assert.True(step.Type is not ("ALL" or "index") && step.Key is not null, shown);
            Assert.True(step.ReadRows <= 2 * (Limit + 1) + 2, shown);
        }

        if (command.Sql.Contains("FROM `messages`", StringComparison.Ordinal))
        {
            // The index gives seq order; a filesort would have sorted the room's rows first.
            Assert.DoesNotContain(steps, s => s.Extra.Contains("filesort", StringComparison.Ordinal));
        }
    }
}
