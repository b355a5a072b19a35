namespace BigTechChat.FriendService.Apis;

public static class FriendsApi
{
    /// <summary>Every route of API.md §4 under <c>/api/friends</c>; all need a valid access token.</summary>
    public static IEndpointRouteBuilder MapFriendsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/friends")
            .WithTags("Friends")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .MapFriendRequests()
            .MapFriendships()
            .MapBlocks();
        return app;
    }
}
