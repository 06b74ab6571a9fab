namespace AgentMarketplace.LocalPostgres;

public sealed class PostgresNotFoundException() : Exception(
    "No PostgreSQL connection string is configured and no PostgreSQL server binaries (initdb, pg_ctl) " +
    "were found on PATH or under /usr/lib/postgresql/*/bin. Either install PostgreSQL " +
    "(e.g. `apt-get install postgresql`), or run `docker compose up`, or set the connection string " +
    "ConnectionStrings__Marketplace to a PostgreSQL database you have.");
