using BigTechChat.ApiConventions;

namespace BigTechChat.Gateway.Tests;

/// <summary>API.md §1: a problem's <c>error</c> code never contradicts its status.</summary>
public sealed class ErrorCodeTests
{
    [Fact]
    public void The_default_code_of_every_error_status_agrees_with_it()
    {
        for (var status = 400; status < 600; status++)
        {
            Assert.True(ErrorCodes.AgreesWith(ErrorCodes.ForStatus(status), status), $"{status}: {ErrorCodes.ForStatus(status)}");
        }
    }

    [Theory]
    [InlineData(ErrorCodes.InvalidInput, 500)]
    [InlineData(ErrorCodes.InvalidInput, 502)]
    [InlineData(ErrorCodes.InvalidInput, 422)]
    [InlineData(ErrorCodes.Validation, 400)]
    [InlineData(ErrorCodes.Validation, 500)]
    [InlineData(ErrorCodes.ServiceUnavailable, 400)]
    [InlineData(ErrorCodes.ServiceUnavailable, 500)]
    [InlineData(ErrorCodes.InternalError, 503)]
    [InlineData(ErrorCodes.InternalError, 400)]
    [InlineData(ErrorCodes.NotFound, 400)]
    [InlineData("made_up", 400)]
    public void A_code_that_contradicts_its_status_is_refused(string code, int status) =>
        Assert.False(ErrorCodes.AgreesWith(code, status));

    [Fact]
    public void A_server_fault_is_an_internal_error_never_invalid_input() =>
        Assert.Equal(ErrorCodes.InternalError, ErrorCodes.ForStatus(500));
}
