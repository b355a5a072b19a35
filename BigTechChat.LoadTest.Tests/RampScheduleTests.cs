using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Tests;

public sealed class RampScheduleTests
{
    private static readonly RampSchedule Original = new(50, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 5)]
    [InlineData(5, 25)]
    [InlineData(9.99, 50)]
    [InlineData(10, 50)]
    [InlineData(69.9, 50)]
    [InlineData(70, 50)]
    [InlineData(75, 25)]
    [InlineData(79.9, 1)]
    [InlineData(80, 0)]
    [InlineData(200, 0)]
    public void Users_ramp_up_hold_and_ramp_down_like_k6_stages(double seconds, int users)
    {
        Assert.Equal(users, Original.UsersAt(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Zero_length_ramps_jump_straight_to_the_target()
    {
        var flat = new RampSchedule(7, TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.Zero);

        Assert.Equal(7, flat.UsersAt(TimeSpan.Zero));
        Assert.Equal(0, flat.UsersAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(5), flat.Total);
    }
}
