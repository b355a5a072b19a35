using System.Text.Json;
using BigTechChat.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigTechChat.ChatService.Tests;

/// <summary>A database that cannot serve for now is a 503 with Retry-After, never a 500 (issue 8; docs/operations.md).</summary>
public sealed class DatabaseUnavailableTests
{
    [Theory]
    [InlineData(5, true)] // SQLITE_BUSY
    [InlineData(6, true)] // SQLITE_LOCKED
    [InlineData(10, true)] // SQLITE_IOERR
    [InlineData(13, true)] // SQLITE_FULL
    [InlineData(14, true)] // SQLITE_CANTOPEN: out of descriptors
    [InlineData(1, false)] // SQLITE_ERROR: a bug in the statement
    [InlineData(19, false)] // SQLITE_CONSTRAINT: the caller's conflict, handled where it happens
    public void Temporary_sqlite_conditions_are_unavailability_and_bugs_are_not(int code, bool unavailable)
    {
        var sqlite = new SqliteException("SQLite Error", code);

        Assert.Equal(unavailable, DatabaseUnavailableHandler.IsUnavailable(sqlite));
        Assert.Equal(unavailable, DatabaseUnavailableHandler.IsUnavailable(new DbUpdateException("saving failed", sqlite)));
        Assert.Equal(unavailable, DatabaseUnavailableHandler.IsUnavailable(new InvalidOperationException("wrapped", new DbUpdateException("saving failed", sqlite))));
    }

    [Fact]
    public async Task The_answer_is_503_with_retry_after_and_a_problem_body()
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new DatabaseUnavailableHandler(NullLogger<DatabaseUnavailableHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, new SqliteException("SQLite Error 14: 'unable to open database file'.", 14), TestContext.Current.CancellationToken));
        Assert.False(await handler.TryHandleAsync(new DefaultHttpContext(), new InvalidOperationException("a bug"), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("service_unavailable", problem.RootElement.GetProperty("error").GetString());
    }
}
