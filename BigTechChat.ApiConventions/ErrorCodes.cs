using Microsoft.AspNetCore.Http;
namespace BigTechChat.ApiConventions;

/// <summary>The stable machine-readable codes carried in every problem body's <c>error</c> member.</summary>
public static class ErrorCodes
{
    public const string Validation = "validation_error";
    public const string Authentication = "authentication_error";
    public const string Authorization = "authorization_error";
    public const string NotFound = "resource_not_found";
    public const string Conflict = "resource_conflict";
    public const string InvalidInput = "invalid_input";
    public const string CannotChatSelf = "cannot_chat_self";
    public const string MessageAlreadyDeleted = "message_already_deleted";
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string ServiceUnavailable = "service_unavailable";

    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Authentication,
        StatusCodes.Status403Forbidden => Authorization,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status422UnprocessableEntity => Validation,
        StatusCodes.Status429TooManyRequests => RateLimitExceeded,
        StatusCodes.Status503ServiceUnavailable => ServiceUnavailable,
        _ => InvalidInput,
    };
}
