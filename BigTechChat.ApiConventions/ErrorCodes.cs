using Microsoft.AspNetCore.Http;

namespace BigTechChat.ApiConventions;

/// <summary>The stable machine-readable codes carried in every problem body's <c>error</c> member (API.md §1).</summary>
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

    /// <summary>A fault of the server itself (500); never used for anything a client sent.</summary>
    public const string InternalError = "internal_error";

    /// <summary>The code a bare status gets when the endpoint named none.</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Authentication,
        StatusCodes.Status403Forbidden => Authorization,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status422UnprocessableEntity => Validation,
        StatusCodes.Status429TooManyRequests => RateLimitExceeded,
        StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout => ServiceUnavailable,
        >= 400 and < 500 => InvalidInput,
        _ => InternalError,
    };

    /// <summary>
    /// Whether <paramref name="code"/> may be sent with <paramref name="status"/>: a code never contradicts its status
    /// (no <c>invalid_input</c> on a 500, no <c>validation_error</c> on a 400). Unknown codes agree with nothing.
    /// </summary>
    public static bool AgreesWith(string code, int status) => code switch
    {
        Validation or CannotChatSelf => status == StatusCodes.Status422UnprocessableEntity,
        InvalidInput or MessageAlreadyDeleted => ForStatus(status) == InvalidInput,
        InternalError => status >= 500 && ForStatus(status) == InternalError,
        _ => ForStatus(status) == code,
    };
}
