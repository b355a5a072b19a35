using System.Net;
using System.Net.Http.Json;
using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.Http;

namespace BigTechChat.UserDirectory;

/// <summary>The user service's public profile shape (API.md §3), as far as the directory needs it.</summary>
public sealed record UserProfileDto(long Id, string Username, string? DisplayName, bool IsOnline, DateTime? LastSeenAt);

/// <summary>
/// Asks the user service (resolved by service discovery as <c>http://user</c>) about users the local copy has
/// not heard of yet. The caller's own bearer token is forwarded: services never trust identity headers.
/// </summary>
public sealed class UserServiceClient(HttpClient http, IHttpContextAccessor httpContext)
{
    public const string ServiceName = "user";
    private const int BatchLimit = 100;

    public async Task<IReadOnlyList<UserProfileDto>> GetUsersAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var found = new List<UserProfileDto>(ids.Count);
        foreach (var chunk in ids.Chunk(BatchLimit))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/users/batch")
            {
                Content = JsonContent.Create(new { user_ids = chunk }),
            };
            if (httpContext.HttpContext?.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return found;
            }

            response.EnsureSuccessStatusCode();
            found.AddRange(await response.Content.ReadFromJsonAsync<List<UserProfileDto>>(ApiJson.Options, cancellationToken) ?? []);
        }

        return found;
    }
}
