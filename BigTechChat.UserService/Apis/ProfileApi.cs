using BigTechChat.ApiConventions;
using BigTechChat.EventBus.Outbox;
using BigTechChat.IntegrationEvents;
using BigTechChat.Security;
using BigTechChat.UserService.Infrastructure;
using BigTechChat.UserService.Presence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.UserService.Apis;

public static class ProfileApi
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        var profile = app.MapGroup("/api/profile").WithTags("Profile").RequireAuthorization();
        profile.MapGet("/me", GetMyProfileAsync).WithName("GetMyProfile").WithSummary("The caller's profile with email");
        profile.MapPut("/me", UpdateMyProfileAsync).WithName("UpdateMyProfile").WithSummary("Change display name and status message");
        return app;
    }

    public static async Task<Results<Ok<MyProfile>, ProblemHttpResult>> GetMyProfileAsync(
        HttpContext context, UserDbContext db, PresenceTracker presence, CancellationToken cancellationToken)
    {
        var userId = context.User.GetUserId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return ApiProblem.NotFound("User not found");
        }

        return TypedResults.Ok(Profiles.ToMyProfile(user, await presence.IsOnlineAsync(userId, cancellationToken)));
    }

    public static async Task<Results<Ok<MyProfile>, ProblemHttpResult>> UpdateMyProfileAsync(
        UpdateProfileRequest request, HttpContext context, UserDbContext db, PresenceTracker presence, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().DisplayName(request.DisplayName).StatusMessage(request.StatusMessage);
        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var userId = context.User.GetUserId();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return ApiProblem.NotFound("User not found");
        }

        user.DisplayName = request.DisplayName ?? user.DisplayName;
        user.StatusMessage = request.StatusMessage ?? user.StatusMessage;
        user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.AddIntegrationEvent(new UserProfileUpdated(user.Id, user.DisplayName, user.StatusMessage)
        {
            Username = user.Username,
            Timestamp = user.UpdatedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(Profiles.ToMyProfile(user, await presence.IsOnlineAsync(userId, cancellationToken)));
    }
}
