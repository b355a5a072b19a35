using BigTechChat.ApiConventions;

namespace BigTechChat.Gateway.Tests;

public sealed class ExceptionCausesTests
{
    [Fact]
    public void Causes_are_every_inner_and_aggregated_exception_depth_first_outermost_first()
    {
        var deepest = new TimeoutException("deepest");
        var first = new IOException("first", deepest);
        var second = new ArgumentException("second");
        var aggregate = new AggregateException("both", first, second);
        var outer = new InvalidOperationException("outer", aggregate);

        Assert.Equal(new Exception[] { outer, aggregate, first, deepest, second }, ExceptionCauses.Of(outer));
        Assert.Equal(new Exception[] { second }, ExceptionCauses.Of(second));
        Assert.Empty(ExceptionCauses.Of(null));
    }
}
