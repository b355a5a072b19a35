using System.ComponentModel.DataAnnotations;
using BigTechChat.ApiConventions;

namespace BigTechChat.Persistence;

/// <summary>Bound from the <c>Database</c> section: where the embedded SQLite files live and which MySQL dialect to speak.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Folder of the embedded mode's SQLite files.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Pomelo server version, e.g. <c>8.0.36-mysql</c> or <c>10.11.0-mariadb</c>; fixed so startup needs no round trip.</summary>
    [Required]
    public string ServerVersion { get; set; } = "8.0.36-mysql";

    /// <summary>How long startup keeps retrying to reach the database and apply migrations.</summary>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an embedded-mode write waits for another writer to finish before failing (SQLite <c>busy_timeout</c>);
    /// 1 second to 10 minutes.
    /// </summary>
    [TimeSpanRange("00:00:01", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
