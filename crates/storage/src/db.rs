//! The database handle: a connection pool for PostgreSQL or SQLite, chosen from the URL at
//! run time, and the embedded migrations of each backend.

use std::sync::Arc;
use std::time::Duration;

use diesel::{Connection, SqliteConnection};
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::Pool;
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::{Result, StorageError};

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// The PostgreSQL advisory lock that serializes migrations across processes.
const MIGRATION_LOCK_ID: i64 = 7_245_001_117;

/// SQLite connections wait this long for a lock held by another connection.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

pub type SqliteAsync = SyncConnectionWrapper<SqliteConnection>;

pub(crate) enum Backend {
    Postgres(Pool<AsyncPgConnection>),
    Sqlite(Pool<SqliteAsync>),
}

/// The database engine behind a [`Database`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackendKind {
    Postgres,
    Sqlite,
}

/// A cheap-to-clone handle on the database. Every query function takes the caller's
/// company id and reads or writes only that company's rows.
#[derive(Clone)]
pub struct Database {
    pub(crate) backend: Arc<Backend>,
    /// Serializes SQLite write transactions inside this process. SQLite allows one writer at a
    /// time, and a deferred transaction that upgrades from read to write fails at once when
    /// another connection writes, instead of waiting out the busy timeout.
    pub(crate) sqlite_writer: Arc<tokio::sync::Mutex<()>>,
    url: Arc<str>,
}

/// Pool settings.
#[derive(Clone, Copy, Debug)]
pub struct PoolOptions {
    pub max_connections: usize,
    pub acquire_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// Pool use at one moment, for metrics.
#[derive(Clone, Copy, Debug)]
pub struct PoolStatus {
    pub size: usize,
    pub available: usize,
    pub max_size: usize,
}

impl Database {
    /// Opens a pool for `url`: `postgres://...` (or `postgresql://...`) or `sqlite://PATH`.
    /// SQLite files are created when missing and opened with WAL, a busy timeout and foreign
    /// keys on. No connection is made until the first query.
    pub fn open(url: &str, options: PoolOptions) -> Result<Database> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(url);
            let pool = Pool::builder(manager)
                .max_size(options.max_connections)
                .wait_timeout(Some(options.acquire_timeout))
                .create_timeout(Some(options.acquire_timeout))
                .runtime(deadpool::Runtime::Tokio1)
                .build()
                .map_err(|error| StorageError::InvalidUrl(error.to_string()))?;
            Backend::Postgres(pool)
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(StorageError::InvalidUrl(
                    "sqlite:// needs a file path, such as sqlite://helpdesk.db".to_owned(),
                ));
            }
            let mut config = ManagerConfig::<SqliteAsync>::default();
            config.custom_setup = Box::new(|path| Box::pin(open_sqlite(path.to_owned())));
            let manager =
                AsyncDieselConnectionManager::<SqliteAsync>::new_with_config(path, config);
            let pool = Pool::builder(manager)
                .max_size(options.max_connections)
                .wait_timeout(Some(options.acquire_timeout))
                .create_timeout(Some(options.acquire_timeout))
                .runtime(deadpool::Runtime::Tokio1)
                .build()
                .map_err(|error| StorageError::InvalidUrl(error.to_string()))?;
            Backend::Sqlite(pool)
        } else {
            return Err(StorageError::InvalidUrl(format!(
                "'{}' is neither postgres://... nor sqlite://PATH",
                redact_url(url)
            )));
        };
        Ok(Database {
            backend: Arc::new(backend),
            sqlite_writer: Arc::new(tokio::sync::Mutex::new(())),
            url: url.into(),
        })
    }

    pub fn kind(&self) -> BackendKind {
        match *self.backend {
            Backend::Postgres(_) => BackendKind::Postgres,
            Backend::Sqlite(_) => BackendKind::Sqlite,
        }
    }

    /// Applies every pending embedded migration and returns how many ran. Processes that
    /// migrate one database at once take turns, so each finds the others' work done.
    /// Blocks a worker thread while it runs, so it needs the multi-thread runtime.
    pub async fn migrate(&self) -> Result<usize> {
        let url = self.url.to_string();
        let kind = self.kind();
        tokio::task::spawn_blocking(move || -> Result<usize> {
            let migration_error = |error: Box<dyn std::error::Error + Send + Sync>| {
                StorageError::Migration(error.to_string())
            };
            match kind {
                BackendKind::Postgres => {
                    let mut conn =
                        <AsyncConnectionWrapper<AsyncPgConnection> as Connection>::establish(&url)
                            .map_err(|error| StorageError::Unavailable(error.to_string()))?;
                    // The session lock is held until the migrations ran.
                    let lock = format!("SELECT pg_advisory_lock({MIGRATION_LOCK_ID})");
                    diesel::RunQueryDsl::execute(diesel::sql_query(lock), &mut conn)?;
                    let applied = conn
                        .run_pending_migrations(POSTGRES_MIGRATIONS)
                        .map(|versions| versions.len())
                        .map_err(migration_error);
                    let unlock = format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_ID})");
                    diesel::RunQueryDsl::execute(diesel::sql_query(unlock), &mut conn)?;
                    applied
                }
                BackendKind::Sqlite => {
                    let path = url.trim_start_matches("sqlite://");
                    // Some lock conflicts, such as two connections switching a new file to WAL
                    // at once, fail at once instead of waiting out the busy timeout, so the
                    // whole step is retried for as long as that timeout.
                    let mut attempts = 0;
                    loop {
                        match migrate_sqlite(path) {
                            Err(StorageError::Query(error))
                                if error.to_string().contains("database is locked")
                                    && attempts < SQLITE_BUSY_TIMEOUT_MS / 100 =>
                            {
                                attempts += 1;
                                std::thread::sleep(Duration::from_millis(100));
                            }
                            result => break result,
                        }
                    }
                }
            }
        })
        .await
        .map_err(|error| StorageError::Migration(error.to_string()))?
    }

    /// Runs a trivial query, for readiness checks.
    pub async fn ping(&self) -> Result<()> {
        crate::with_conn!(self, |conn| {
            conn.batch_execute("SELECT 1").await?;
            Ok(())
        })
    }

    pub fn pool_status(&self) -> PoolStatus {
        let status = match &*self.backend {
            Backend::Postgres(pool) => pool.status(),
            Backend::Sqlite(pool) => pool.status(),
        };
        PoolStatus {
            size: status.size,
            available: status.available,
            max_size: status.max_size,
        }
    }

    /// Closes the pool: idle connections are dropped and later requests fail.
    pub fn close(&self) {
        match &*self.backend {
            Backend::Postgres(pool) => pool.close(),
            Backend::Sqlite(pool) => pool.close(),
        }
    }
}

/// Applies the pending SQLite migrations inside one immediate transaction, which takes the
/// write lock first, so another process waits and then finds nothing pending.
fn migrate_sqlite(path: &str) -> Result<usize> {
    let mut conn = SqliteConnection::establish(path)
        .map_err(|error| StorageError::Unavailable(error.to_string()))?;
    diesel::connection::SimpleConnection::batch_execute(&mut conn, &sqlite_pragmas())?;
    conn.immediate_transaction(|conn| {
        conn.run_pending_migrations(SQLITE_MIGRATIONS)
            .map(|versions| versions.len())
            .map_err(|error| StorageError::Migration(error.to_string()))
    })
}

/// The settings of every SQLite connection. The busy timeout comes first, so that switching
/// to WAL waits for a lock held by another process instead of failing.
fn sqlite_pragmas() -> String {
    format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; \
         PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
    )
}

async fn open_sqlite(path: String) -> diesel::ConnectionResult<SqliteAsync> {
    let mut conn = SqliteAsync::establish(&path).await?;
    conn.batch_execute(&sqlite_pragmas())
        .await
        .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
    Ok(conn)
}

/// Returns the URL with any password replaced, in the user part or as a `password` query
/// parameter, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let url = redact_query_password(url);
    let url = url.as_str();
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn redact_query_password(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let parameters: Vec<String> = query
        .split('&')
        .map(|parameter| match parameter.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("password") => format!("{name}=***"),
            _ => parameter.to_owned(),
        })
        .collect();
    format!("{base}?{}", parameters.join("&"))
}

/// Runs `$body` with `$conn` bound to a pooled connection of whichever backend the
/// database uses. The body is type-checked once per backend.
#[macro_export]
#[doc(hidden)]
macro_rules! with_conn {
    ($db:expr, |$conn:ident| $body:expr) => {{
        #[allow(unused_imports)]
        use diesel_async::RunQueryDsl as _;
        match &*$db.backend {
            $crate::db::Backend::Postgres(pool) => {
                let mut pooled = pool
                    .get()
                    .await
                    .map_err(|error| $crate::StorageError::Unavailable(error.to_string()))?;
                let $conn: &mut diesel_async::AsyncPgConnection = &mut pooled;
                $body
            }
            $crate::db::Backend::Sqlite(pool) => {
                let mut pooled = pool
                    .get()
                    .await
                    .map_err(|error| $crate::StorageError::Unavailable(error.to_string()))?;
                let $conn: &mut $crate::db::SqliteAsync = &mut pooled;
                $body
            }
        }
    }};
}

/// Runs `$body` inside one transaction on whichever backend the database uses: every write
/// in the body lands, or none does. The body evaluates to `Result<T, StorageError>`.
#[macro_export]
#[doc(hidden)]
macro_rules! in_transaction {
    ($db:expr, |$conn:ident| $body:expr) => {{
        use diesel_async::AsyncConnection as _;
        #[allow(unused_imports)]
        use diesel_async::RunQueryDsl as _;
        match &*$db.backend {
            $crate::db::Backend::Postgres(pool) => {
                let mut pooled = pool
                    .get()
                    .await
                    .map_err(|error| $crate::StorageError::Unavailable(error.to_string()))?;
                let conn: &mut diesel_async::AsyncPgConnection = &mut pooled;
                conn.transaction::<_, $crate::StorageError, _>(async move |$conn| $body)
                    .await
            }
            $crate::db::Backend::Sqlite(pool) => {
                let _writer = $db.sqlite_writer.lock().await;
                let mut pooled = pool
                    .get()
                    .await
                    .map_err(|error| $crate::StorageError::Unavailable(error.to_string()))?;
                let conn: &mut $crate::db::SqliteAsync = &mut pooled;
                conn.transaction::<_, $crate::StorageError, _>(async move |$conn| $body)
                    .await
            }
        }
    }};
}

/// Creates schema `schema` in the PostgreSQL database at `url` (if missing) and returns a URL
/// whose connections use it as their search path. Tests use it to give each test its own
/// schema in one database.
pub async fn create_postgres_schema(url: &str, schema: &str) -> Result<String> {
    if !schema
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(StorageError::InvalidUrl(format!(
            "schema name '{schema}' must be lower-case letters, digits and underscores"
        )));
    }
    let mut conn = AsyncPgConnection::establish(url)
        .await
        .map_err(|error| StorageError::Unavailable(error.to_string()))?;
    conn.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
        .await?;
    let separator = if url.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{url}{separator}options=-c%20search_path%3D{schema}"
    ))
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn redact_hides_passwords() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db:5432/helpdesk"),
            "postgres://app:***@db:5432/helpdesk"
        );
        assert_eq!(
            redact_url("postgres://app@db/x?password=s3cret&sslmode=require"),
            "postgres://app@db/x?password=***&sslmode=require"
        );
        assert_eq!(redact_url("sqlite://helpdesk.db"), "sqlite://helpdesk.db");
    }
}
