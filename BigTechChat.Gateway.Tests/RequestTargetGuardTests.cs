using BigTechChat.ApiConventions;

namespace BigTechChat.Gateway.Tests;

/// <summary>Which request targets every service (gateway included) refuses before routing; see RequestTargetGuard.</summary>
public sealed class RequestTargetGuardTests
{
    [Theory]
    [InlineData("/api/messages/abc/reactions/..")]
    [InlineData("/api/messages/abc/reactions/.")]
    [InlineData("/api/messages/abc/reactions/%2E%2E")]
    [InlineData("/api/messages/abc/reactions/%2e%2E?x=1")]
    [InlineData("/api/messages/abc/reactions/.%2e")]
    [InlineData("/api/messages/abc/reactions/%2E")]
    [InlineData("/api/messages/abc/reactions/a%2Fb")]
    [InlineData("/api/messages/abc/reactions/%5C")]
    [InlineData("/api/./messages")]
    [InlineData("http://example.com/api/messages/abc/reactions/%2E%2E")]
    public void Dot_segments_and_encoded_slashes_are_refused(string target) =>
        Assert.True(RequestTargetGuard.HasAmbiguousSegment(target), target);

    [Theory]
    [InlineData("/api/messages/abc/reactions/%F0%9F%91%8D")]
    [InlineData("/api/messages/abc/reactions/%23%EF%B8%8F%E2%83%A3")]
    [InlineData("/api/messages/abc/reactions?emoji=..")]
    [InlineData("/api/messages/abc/reactions/...")]
    [InlineData("/api/users/search?query=a/b")]
    [InlineData("/api/messages/1.5")]
    [InlineData("/")]
    [InlineData("*")]
    [InlineData("/api/messages/abc/reactions/%252E%252E")]
    public void Ordinary_targets_pass(string target) =>
        Assert.False(RequestTargetGuard.HasAmbiguousSegment(target), target);
}
