using BigTechChat.UserService.Model;
using BigTechChat.UserService.Presence;

namespace BigTechChat.UserService.Apis;

/// <summary>Builds UserProfiles: stored fields plus live presence, one presence lookup per batch.</summary>
public static class Profiles
{
    public static async Task<List<UserProfile>> ToProfilesAsync(
        this PresenceTracker presence, IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        var online = await presence.OnlineAmongAsync(users.Select(u => u.Id).ToArray(), cancellationToken);
        return users.Select(u => ToProfile(u, online.Contains(u.Id))).ToList();
    }

    public static UserProfile ToProfile(User user, bool isOnline) =>
        new(user.Id, user.Username, user.DisplayName, user.StatusMessage, isOnline, user.LastSeenAt);

    public static MyProfile ToMyProfile(User user, bool isOnline) =>
        new(user.Id, user.Username, user.DisplayName, user.StatusMessage, isOnline, user.LastSeenAt, user.Email);
}
