using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace BigTechChat.Persistence;

public static class UniqueViolation
{
    private const int SqliteConstraint = 19;

    /// <summary>
    /// True when the database refused a write because a unique index already holds the value: the provider's error
    /// itself (raw SQL) or wrapped in a <see cref="DbUpdateException"/> (SaveChanges).
    /// </summary>
    public static bool IsUniqueViolation(this Exception exception) => exception switch
    {
        DbUpdateException { InnerException: { } inner } => inner.IsUniqueViolation(),
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && (sqlite.SqliteExtendedErrorCode is 2067 or 1555),
        MySqlException mysql => mysql.ErrorCode == MySqlErrorCode.DuplicateKeyEntry,
        _ => false,
    };
}
