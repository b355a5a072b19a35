using System.Globalization;
using BigTechChat.ApiConventions;
using BigTechChat.Security;
using BigTechChat.UserService.Infrastructure;
using BigTechChat.UserService.Model;
using BigTechChat.UserService.Presence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.UserService.Apis;

public static class UsersApi
{
    public const int MaxBatch = 100;

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization();
        users.MapGet("/search", SearchAsync).WithName("SearchUsers").WithSummary("Find users by username or display name");
        users.MapGet("/{id}", GetUserAsync).WithName("GetUser").WithSummary("One user's profile");
        users.MapGet("/", GetUsersAsync).WithName("GetUsers").WithSummary("Profiles of a comma-separated id list");
        users.MapPost("/batch", GetBatchAsync).WithName("GetUsersBatch").WithSummary("Profiles of up to 100 ids; unknown ids are omitted");
        users.MapGet("/{id}/exists", ExistsAsync).WithName("UserExists").WithSummary("Whether a user id exists");
        return app;
    }

    public static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(
        string? query, int? limit, HttpContext context, UserDbContext db, PresenceTracker presence, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("query", query).Length("query", query, 1, 50).Range("limit", limit, 1, 50);
        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var callerId = context.User.GetUserId();
        var term = query!.ToLowerInvariant();
        var pattern = "%" + EscapeLike(term) + "%";
        var matches = db.Users.AsNoTracking().Where(u => u.Id != callerId
            && (EF.Functions.Like(u.NormalizedUsername, pattern, "\\")
                || (u.DisplayName != null && EF.Functions.Like(u.DisplayName.ToLower(), pattern, "\\"))));
        var pageSize = limit ?? 10;
        var page = await matches
            .OrderBy(u => u.NormalizedUsername == term ? 0 : u.NormalizedUsername.StartsWith(term) ? 1 : 2)
            .ThenBy(u => u.Username)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        // A page shorter than the limit holds every match; only a full one needs the second scan to count them all.
        var total = page.Count < pageSize ? page.Count : await matches.CountAsync(cancellationToken);
        return TypedResults.Ok(new SearchResponse(await presence.ToProfilesAsync(page, cancellationToken), total));
    }

    public static async Task<Results<Ok<UserProfile>, ProblemHttpResult>> GetUserAsync(
        long id, UserDbContext db, PresenceTracker presence, CancellationToken cancellationToken)
    {
        if (id <= 0)
        {
            return new ValidationErrors().Add("id", "id must be a positive integer").ToProblem();
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null
            ? ApiProblem.NotFound("User not found")
            : TypedResults.Ok(Profiles.ToProfile(user, await presence.IsOnlineAsync(id, cancellationToken)));
    }

    public static async Task<Results<Ok<List<UserProfile>>, ProblemHttpResult>> GetUsersAsync(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_ids")] string? userIds, UserDbContext db, PresenceTracker presence,
        CancellationToken cancellationToken)
    {
        var ids = ParseIdList(userIds);
        if (ids is null)
        {
            return ApiProblem.BadRequest("user_ids must be a comma-separated list of 1 to 100 positive integer ids");
        }

        return TypedResults.Ok(await FindProfilesAsync(ids, db, presence, cancellationToken));
    }

    public static async Task<Results<Ok<List<UserProfile>>, ProblemHttpResult>> GetBatchAsync(
        BatchRequest request, UserDbContext db, PresenceTracker presence, CancellationToken cancellationToken)
    {
        if (request.UserIds is not { Length: >= 1 and <= MaxBatch } ids)
        {
            return new ValidationErrors().Add("user_ids", $"user_ids must hold between 1 and {MaxBatch} ids").ToProblem();
        }

        return TypedResults.Ok(await FindProfilesAsync(ids, db, presence, cancellationToken));
    }

    public static async Task<Results<Ok<UserExists>, ProblemHttpResult>> ExistsAsync(
        long id, UserDbContext db, CancellationToken cancellationToken)
    {
        if (id <= 0)
        {
            return new ValidationErrors().Add("id", "id must be a positive integer").ToProblem();
        }

        return TypedResults.Ok(new UserExists(id, await db.Users.AnyAsync(u => u.Id == id, cancellationToken)));
    }

    private static async Task<List<UserProfile>> FindProfilesAsync(
        IReadOnlyCollection<long> ids, UserDbContext db, PresenceTracker presence, CancellationToken cancellationToken)
    {
        var wanted = ids.Where(id => id > 0).Distinct().ToArray();
        var users = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).OrderBy(u => u.Id).ToListAsync(cancellationToken);
        return await presence.ToProfilesAsync(users, cancellationToken);
    }

    private static long[]? ParseIdList(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ids = new List<long>(parts.Length);
        foreach (var part in parts)
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                return null;
            }

            ids.Add(id);
        }

        return ids.Count is >= 1 and <= MaxBatch ? ids.ToArray() : null;
    }

    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
