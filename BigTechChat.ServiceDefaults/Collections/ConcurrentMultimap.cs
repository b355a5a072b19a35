using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace BigTechChat.ServiceDefaults.Collections;

/// <summary>
/// A thread-safe map from a key to a small set of values (an instance's open streams by user or room, watched tokens by
/// jti), held as one immutable array per key and replaced by compare-and-swap. Built for sets of a few items read far
/// more often than changed: a key costs one array (a value 8 bytes more) instead of a dictionary of its own (~600 bytes),
/// reading a set allocates nothing, and a key whose set becomes empty is removed without racing an add (the swap fails
/// and the add wins). Values are compared with <see cref="EqualityComparer{T}.Default"/>; one value is held at most once
/// per key.
/// </summary>
public sealed class ConcurrentMultimap<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, ImmutableArray<TValue>> _sets = new();

    /// <summary>Keys with at least one value.</summary>
    public int KeyCount => _sets.Count;

    /// <summary>The keys with at least one value, as of one moment per key.</summary>
    public IEnumerable<TKey> Keys => _sets.Keys;

    /// <summary>The values of <paramref name="key"/> at one moment; empty when it has none.</summary>
    public ImmutableArray<TValue> this[TKey key] => _sets.TryGetValue(key, out var values) ? values : [];

    /// <summary>Every value of every key, each key's set as of one moment.</summary>
    public IEnumerable<TValue> Values => _sets.Values.SelectMany(values => values);

    /// <summary>Adds <paramref name="value"/> to the set of <paramref name="key"/>; false when it was there already.</summary>
    public bool Add(TKey key, TValue value)
    {
        while (true)
        {
            if (!_sets.TryGetValue(key, out var current))
            {
                if (_sets.TryAdd(key, [value]))
                {
                    return true;
                }

                continue;
            }

            if (current.Contains(value))
            {
                return false;
            }

            if (_sets.TryUpdate(key, current.Add(value), current))
            {
                return true;
            }
        }
    }

    /// <summary>Removes <paramref name="value"/> from the set of <paramref name="key"/>, and the key with its last value; false when it was not there.</summary>
    public bool Remove(TKey key, TValue value)
    {
        while (_sets.TryGetValue(key, out var current))
        {
            var index = current.IndexOf(value);
            if (index < 0)
            {
                return false;
            }

            var swapped = current.Length == 1
                ? _sets.TryRemove(KeyValuePair.Create(key, current))
                : _sets.TryUpdate(key, current.RemoveAt(index), current);
            if (swapped)
            {
                return true;
            }
        }

        return false;
    }
}
