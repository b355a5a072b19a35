using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BigTechChat.ApiConventions;

/// <summary>Builds the RFC 9457 answers of API.md §1: a human <c>detail</c> and a stable <c>error</c> code.</summary>
public static class ApiProblem
{
    public static ProblemHttpResult Create(int status, string detail, string? error = null) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["error"] = error ?? ErrorCodes.ForStatus(status) });

    public static ProblemHttpResult BadRequest(string detail, string error = ErrorCodes.InvalidInput) =>
        Create(StatusCodes.Status400BadRequest, detail, error);

    public static ProblemHttpResult Unauthorized(string detail = "Could not validate credentials") =>
        Create(StatusCodes.Status401Unauthorized, detail);

    public static ProblemHttpResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, detail);

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, detail);

    public static ProblemHttpResult Unprocessable(string detail, string error = ErrorCodes.Validation) =>
        Create(StatusCodes.Status422UnprocessableEntity, detail, error);

    public static ProblemHttpResult Validation(IReadOnlyDictionary<string, string[]> errors)
    {
        var detail = string.Join("; ", errors.SelectMany(e => e.Value));
        return TypedResults.Problem(
            detail: detail.Length > 0 ? detail : "Validation failed",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?>
            {
                ["error"] = ErrorCodes.Validation,
                ["errors"] = errors,
            });
    }
}
