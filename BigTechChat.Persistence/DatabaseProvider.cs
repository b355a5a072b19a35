namespace BigTechChat.Persistence;

/// <summary>Which relational store a service runs on: SQLite embedded, MySQL (or MariaDB) distributed.</summary>
public enum DatabaseProvider
{
    Sqlite,
    MySql,
}

/// <summary>The resolved choice for one service database, registered as a singleton.</summary>
public sealed record ServiceDatabase<TContext>(DatabaseProvider Provider, string ConnectionString);
