namespace BigTechChat.ApiConventions;

/// <summary>Walks an exception's causes: what a handler recognises is often wrapped (EF, YARP, Kestrel, tasks).</summary>
public static class ExceptionCauses
{
    /// <summary>
    /// <paramref name="exception"/> and every exception under it, depth first, outermost first: the
    /// <see cref="Exception.InnerException"/> chain, and each of an <see cref="AggregateException"/>'s inner exceptions
    /// in order. Empty for null.
    /// </summary>
    public static IEnumerable<Exception> Of(Exception? exception)
    {
        var pending = new Stack<Exception>();
        if (exception is not null)
        {
            pending.Push(exception);
        }

        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                for (var i = aggregate.InnerExceptions.Count - 1; i >= 0; i--)
                {
                    pending.Push(aggregate.InnerExceptions[i]);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
