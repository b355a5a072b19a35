using System.Runtime.InteropServices;

namespace BigTechChat.ServiceDefaults.Limits;

/// <summary>
/// The process's open-file limit (<c>RLIMIT_NOFILE</c>, getrlimit(2)): every socket is a descriptor, so it bounds how
/// many connections and streams the process can hold. Unknown (null) on Windows, where no such per-process limit applies.
/// </summary>
public static partial class DescriptorLimit
{
    private static readonly Lock Gate = new();

    /// <summary>The soft and hard limits, or null where the platform has none.</summary>
    public static (ulong Soft, ulong Hard)? Read()
    {
        if (Resource is not { } resource || getrlimit(resource, out var limit) != 0)
        {
            return null;
        }

        return (limit.Current, limit.Maximum);
    }

    /// <summary>
    /// Raises the soft limit to the hard limit (an unprivileged process may, per setrlimit(2)) and returns the limits
    /// in force afterwards; idempotent, so every host of the embedded process may call it.
    /// </summary>
    public static (ulong Soft, ulong Hard)? RaiseSoftLimit()
    {
        lock (Gate)
        {
            if (Resource is not { } resource || getrlimit(resource, out var limit) != 0)
            {
                return null;
            }

            if (limit.Current < limit.Maximum)
            {
                // macOS refuses soft limits above OPEN_MAX for an unlimited hard limit; keep the old one then.
                _ = setrlimit(resource, new RLimit(limit.Maximum, limit.Maximum));
            }

            return Read();
        }
    }

    private static int? Resource =>
        OperatingSystem.IsLinux() ? 7 : OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 8 : null;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, in RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct RLimit(ulong Current, ulong Maximum);
}
