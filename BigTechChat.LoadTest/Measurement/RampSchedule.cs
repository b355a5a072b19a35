namespace BigTechChat.LoadTest.Measurement;

/// <summary>k6's ramping-vus stages: up to the target linearly, hold, then down to zero linearly.</summary>
public sealed record RampSchedule(int TargetUsers, TimeSpan RampUp, TimeSpan Hold, TimeSpan RampDown)
{
    public TimeSpan Total => RampUp + Hold + RampDown;

    public int UsersAt(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero || elapsed >= Total)
        {
            return 0;
        }

        if (elapsed < RampUp)
        {
            return (int)Math.Ceiling(TargetUsers * (elapsed / RampUp));
        }

        if (elapsed < RampUp + Hold)
        {
            return TargetUsers;
        }

        var intoRampDown = elapsed - RampUp - Hold;
        return (int)Math.Ceiling(TargetUsers * (1 - (intoRampDown / RampDown)));
    }
}
