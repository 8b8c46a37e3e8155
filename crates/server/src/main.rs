//! `helpdesk`: serve the gRPC and legacy JSON APIs, migrate the database, load the demo
//! company and administer companies.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;
use server::{ServerOptions, demo};
use storage::{Database, NewCompanyAccount, PoolOptions};

#[derive(Parser)]
#[command(
    name = "helpdesk",
    version,
    about = "A helpdesk service with gRPC and legacy JSON APIs"
)]
struct Cli {
    /// Log format on standard error.
    #[arg(long, global = true, env = "HELPDESK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum RateStore {
    Memory,
    Database,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Args, Clone)]
struct DatabaseArgs {
    /// Database URL: sqlite://PATH (created if missing) or postgres://USER@HOST:PORT/DB.
    #[arg(
        long,
        env = "HELPDESK_DATABASE_URL",
        default_value = "sqlite://helpdesk.db"
    )]
    database_url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Serve gRPC and the legacy JSON API until SIGINT or SIGTERM.
    Serve {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Address of the gRPC listener.
        #[arg(long, env = "HELPDESK_GRPC_LISTEN", default_value = "127.0.0.1:50051")]
        grpc_listen: SocketAddr,
        /// Address of the HTTP listener (legacy JSON API).
        #[arg(long, env = "HELPDESK_HTTP_LISTEN", default_value = "127.0.0.1:8080")]
        http_listen: SocketAddr,
        /// Load the demo company (public example credentials) before serving.
        #[arg(long, env = "HELPDESK_DEMO")]
        demo: bool,
        /// Maximum number of pooled database connections.
        #[arg(long, env = "HELPDESK_MAX_CONNECTIONS", value_parser = clap::value_parser!(u64).range(1..=1000), default_value_t = 16)]
        max_connections: u64,
        /// Seconds that in-flight requests may take to finish after a shutdown signal.
        #[arg(long, env = "HELPDESK_SHUTDOWN_GRACE_SECONDS", default_value_t = 10)]
        shutdown_grace_seconds: u64,
        /// Seconds a legacy API request may run before it gets HTTP 504.
        #[arg(long, env = "HELPDESK_HTTP_REQUEST_TIMEOUT_SECONDS", value_parser = clap::value_parser!(u64).range(1..), default_value_t = 30)]
        http_request_timeout_seconds: u64,
        /// Seconds between the database pings that set the gRPC health status.
        #[arg(long, env = "HELPDESK_HEALTH_CHECK_INTERVAL_SECONDS", value_parser = clap::value_parser!(u64).range(1..), default_value_t = 5)]
        health_check_interval_seconds: u64,
        /// Requests a minute each API key may make, over gRPC and the legacy API together.
        #[arg(long, env = "HELPDESK_RATE_LIMIT_PER_MINUTE", value_parser = clap::value_parser!(u32).range(1..), default_value_t = 60)]
        rate_limit_per_minute: u32,
        /// Failed authentications a minute a client address may make before it is blocked.
        #[arg(long, env = "HELPDESK_AUTH_FAILURE_LIMIT_PER_MINUTE", value_parser = clap::value_parser!(u32).range(1..), default_value_t = 10)]
        auth_failure_limit_per_minute: u32,
        /// The store of rate budgets: `memory` (per process) or `database` (shared by every
        /// process that uses the database, for replicas).
        #[arg(long, env = "HELPDESK_RATE_LIMIT_STORE", value_enum, default_value_t = RateStore::Memory)]
        rate_limit_store: RateStore,
        /// Seconds a legacy API session cookie stays valid, at most a year.
        #[arg(long, env = "HELPDESK_SESSION_TTL_SECONDS", value_parser = clap::value_parser!(u64).range(1..=31_536_000), default_value_t = 3600)]
        session_ttl_seconds: u64,
    },
    /// Apply pending database migrations.
    Migrate {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Load the demo company and print its credentials.
    Demo {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Print the credentials as JSON.
        #[arg(long, env = "HELPDESK_JSON")]
        json: bool,
    },
    /// Administer companies and keys.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Args, Clone)]
struct CompanyArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The public company id, such as Z2Web6-s0XEaf.
    #[arg(long, env = "HELPDESK_COMPANY")]
    company: String,
    /// Print the result as JSON.
    #[arg(long, env = "HELPDESK_JSON")]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum KeyScope {
    ReadOnly,
    ReadWrite,
}

impl From<KeyScope> for domain::Scope {
    fn from(scope: KeyScope) -> Self {
        match scope {
            KeyScope::ReadOnly => domain::Scope::ReadOnly,
            KeyScope::ReadWrite => domain::Scope::ReadWrite,
        }
    }
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Create an API key for an agent (or, with --client, a client-scoped key), shown once.
    Create {
        #[command(flatten)]
        company: CompanyArgs,
        /// The agent who owns the key.
        #[arg(long)]
        agent: i64,
        /// Make a client-scoped key that acts as this client.
        #[arg(long)]
        client: Option<i64>,
        #[arg(long, value_enum, default_value_t = KeyScope::ReadWrite)]
        scope: KeyScope,
    },
    /// List a company's keys, without their secrets.
    List {
        #[command(flatten)]
        company: CompanyArgs,
    },
    /// Revoke a key and create its replacement with the same owner and scope, shown once.
    Rotate {
        #[command(flatten)]
        company: CompanyArgs,
        /// The id of the key to replace.
        #[arg(long)]
        key: i64,
    },
    /// Change the scope of a key: read-only or read-write.
    Scope {
        #[command(flatten)]
        company: CompanyArgs,
        /// The id of the key to change.
        #[arg(long)]
        key: i64,
        #[arg(long, value_enum)]
        scope: KeyScope,
    },
    /// Revoke a key: requests and sessions with it fail from now on.
    Revoke {
        #[command(flatten)]
        company: CompanyArgs,
        /// The id of the key to revoke.
        #[arg(long)]
        key: i64,
    },
}

#[derive(Subcommand)]
enum AgentCommand {
    /// Turn API access on or off for an agent.
    ApiAccess {
        #[command(flatten)]
        company: CompanyArgs,
        #[arg(long)]
        agent: i64,
        /// `on` or `off`.
        #[arg(long, value_parser = ["on", "off"])]
        set: String,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Manage API keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Manage agents' API access.
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Create a company with one super-user agent and an API key, shown once.
    CreateCompany {
        #[command(flatten)]
        database: DatabaseArgs,
        /// The company's name.
        #[arg(long, env = "HELPDESK_COMPANY_NAME")]
        name: String,
        /// The first name of the company's first agent.
        #[arg(long, env = "HELPDESK_AGENT_FIRST_NAME", default_value = "API")]
        agent_first_name: String,
        /// The last name of the company's first agent.
        #[arg(long, env = "HELPDESK_AGENT_LAST_NAME", default_value = "User")]
        agent_last_name: String,
        /// The email address of the company's first agent.
        #[arg(long, env = "HELPDESK_AGENT_EMAIL", default_value = "api@example.com")]
        agent_email: String,
        /// Print the result as JSON.
        #[arg(long, env = "HELPDESK_JSON")]
        json: bool,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let log_format = cli.log_format;
    init_logging(log_format);
    match run(cli.command).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // One line on standard error: a log record for JSON log collectors, plain text
            // for people.
            match log_format {
                LogFormat::Json => {
                    tracing::error!(error = format!("{error:#}"), "helpdesk failed")
                }
                LogFormat::Text => eprintln!("error: {error:#}"),
            }
            std::process::ExitCode::FAILURE
        }
    }
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

async fn open_migrated(database: &DatabaseArgs) -> anyhow::Result<Database> {
    let db = Database::open(&database.database_url, PoolOptions::default()).with_context(|| {
        format!(
            "invalid --database-url {}",
            storage::redact_url(&database.database_url)
        )
    })?;
    db.migrate().await.with_context(|| {
        format!(
            "migrating {} failed",
            storage::redact_url(&database.database_url)
        )
    })?;
    Ok(db)
}

fn print_demo_credentials(credentials: &demo::DemoCredentials, as_json: bool) {
    if as_json {
        println!(
            "{}",
            json!({"company_id": credentials.company_id, "api_key": credentials.api_key})
        );
    } else {
        println!("Demo company id: {}", credentials.company_id);
        println!("Demo API key:    {}", credentials.api_key);
        println!(
            "These are the public example credentials of the legacy API reference: keep real data out of this database."
        );
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve {
            database,
            grpc_listen,
            http_listen,
            demo,
            max_connections,
            shutdown_grace_seconds,
            http_request_timeout_seconds,
            health_check_interval_seconds,
            rate_limit_per_minute,
            auth_failure_limit_per_minute,
            rate_limit_store,
            session_ttl_seconds,
        } => {
            let options = ServerOptions {
                database_url: database.database_url,
                grpc_listen,
                http_listen,
                demo,
                max_connections: usize::try_from(max_connections).unwrap_or(16),
                shutdown_grace: Duration::from_secs(shutdown_grace_seconds),
                http_request_timeout: Duration::from_secs(http_request_timeout_seconds),
                health_check_interval: Duration::from_secs(health_check_interval_seconds),
                auth: grpc::context::AuthConfig {
                    rate_limits: grpc::rate::RateLimitConfig {
                        requests_per_minute: rate_limit_per_minute,
                        auth_failures_per_minute: auth_failure_limit_per_minute,
                        store: match rate_limit_store {
                            RateStore::Memory => grpc::rate::RateLimitStore::Memory,
                            RateStore::Database => grpc::rate::RateLimitStore::Database,
                        },
                    },
                    session_ttl: Duration::from_secs(session_ttl_seconds),
                },
            };
            let grace = options.shutdown_grace;
            let mut running = server::start(options).await?;
            if let Some(credentials) = &running.demo {
                print_demo_credentials(credentials, false);
            }
            println!(
                "gRPC on {}, legacy JSON API on http://{}/api/requests/",
                running.grpc_addr, running.http_addr
            );
            let shutdown = running.shutdown_sender();
            tokio::select! {
                result = running.first_exit() => {
                    result?;
                    anyhow::bail!("a listener stopped unexpectedly");
                }
                signal = shutdown_signal() => {
                    tracing::info!(signal, grace_seconds = grace.as_secs(), "shutting down: no new connections, in-flight requests may finish");
                }
            }
            let _ = shutdown.send(true);
            match tokio::time::timeout(grace, running.wait()).await {
                Ok(result) => result?,
                Err(_) => tracing::warn!(
                    grace_seconds = grace.as_secs(),
                    "in-flight requests did not finish within the grace period"
                ),
            }
            running.db.close();
            tracing::info!("stopped");
            Ok(())
        }
        Command::Migrate { database } => {
            let db = Database::open(&database.database_url, PoolOptions::default())?;
            let applied = db.migrate().await?;
            println!("applied {applied} migrations");
            Ok(())
        }
        Command::Demo { database, json } => {
            let db = open_migrated(&database).await?;
            let credentials = demo::load(&db).await?;
            print_demo_credentials(&credentials, json);
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::Key(command),
        } => admin::key(command).await,
        Command::Admin {
            command: AdminCommand::Agent(command),
        } => admin::agent(command).await,
        Command::Admin {
            command:
                AdminCommand::CreateCompany {
                    database,
                    name,
                    agent_first_name,
                    agent_last_name,
                    agent_email,
                    json,
                },
        } => {
            if name.trim().is_empty() {
                anyhow::bail!("--name must not be empty");
            }
            domain::validate::email("--agent-email", &agent_email)
                .map_err(|violation| anyhow::anyhow!(violation.description))?;
            let db = open_migrated(&database).await?;
            let created = db
                .create_company_account(NewCompanyAccount {
                    company_name: name.trim().to_owned(),
                    public_id: None,
                    agent_first_name,
                    agent_last_name,
                    agent_email,
                })
                .await?;
            if json {
                println!(
                    "{}",
                    json!({
                        "company_id": created.company.public_id,
                        "agent_id": created.agent_id,
                        "api_key": created.api_key,
                    })
                );
            } else {
                println!("Company id: {}", created.company.public_id);
                println!("Agent id:   {}", created.agent_id);
                println!("API key:    {}", created.api_key);
                println!("The API key is shown only now; store it safely.");
            }
            Ok(())
        }
    }
}

mod admin {
    //! The key and agent administration commands.

    use anyhow::Context as _;
    use serde_json::json;
    use storage::{Database, StorageError};

    use super::{AgentCommand, CompanyArgs, KeyCommand, open_migrated};

    async fn company(args: &CompanyArgs) -> anyhow::Result<(Database, i64)> {
        let db = open_migrated(&args.database).await?;
        let company = db
            .company_by_public_id(&args.company)
            .await?
            .with_context(|| format!("company '{}' not found", args.company))?;
        Ok((db, company.id))
    }

    fn not_found(what: &str, id: i64) -> impl FnOnce(StorageError) -> anyhow::Error + '_ {
        move |error| match error {
            StorageError::NotFound => anyhow::anyhow!("{what} {id} not found in this company"),
            other => other.into(),
        }
    }

    fn print_key(args: &CompanyArgs, key_id: i64, api_key: &str) {
        if args.json {
            println!("{}", json!({"key_id": key_id, "api_key": api_key}));
        } else {
            println!("Key id:  {key_id}");
            println!("API key: {api_key}");
            println!("The API key is shown only now; store it safely.");
        }
    }

    pub async fn key(command: KeyCommand) -> anyhow::Result<()> {
        match command {
            KeyCommand::Create {
                company: args,
                agent,
                client,
                scope,
            } => {
                let (db, company) = company(&args).await?;
                db.get_agent(company, agent)
                    .await
                    .map_err(not_found("agent", agent))?;
                if let Some(client) = client {
                    db.client_active(company, client)
                        .await
                        .map_err(not_found("client", client))?;
                }
                let scope = scope.into();
                let api_key = storage::generate_api_key();
                let hash = storage::hash_api_key(&db.api_key_secret().await?, &api_key);
                let key_id = db
                    .insert_api_key(company, agent, client, &hash, scope)
                    .await?;
                print_key(&args, key_id, &api_key);
            }
            KeyCommand::List { company: args } => {
                let (db, company) = company(&args).await?;
                let keys = db.list_api_keys(company).await?;
                if args.json {
                    let rows: Vec<_> = keys
                        .iter()
                        .map(|key| {
                            json!({
                                "key_id": key.id,
                                "agent_id": key.agent_id,
                                "client_id": key.client_id,
                                "scope": key.scope,
                                "created": domain::time::format_datetime(Some(key.created_at)),
                                "revoked": key.revoked_at.map(|at| domain::time::format_datetime(Some(at))),
                            })
                        })
                        .collect();
                    println!("{}", json!(rows));
                } else {
                    println!(
                        "{:>8}  {:>8}  {:>8}  {:<10}  {:<19}  revoked",
                        "key", "agent", "client", "scope", "created"
                    );
                    for key in keys {
                        println!(
                            "{:>8}  {:>8}  {:>8}  {:<10}  {:<19}  {}",
                            key.id,
                            key.agent_id,
                            key.client_id
                                .map(|id| id.to_string())
                                .unwrap_or_else(|| "-".into()),
                            key.scope,
                            domain::time::format_datetime(Some(key.created_at)),
                            key.revoked_at
                                .map(|at| domain::time::format_datetime(Some(at)))
                                .unwrap_or_else(|| "-".into()),
                        );
                    }
                }
            }
            KeyCommand::Rotate { company: args, key } => {
                let (db, company) = company(&args).await?;
                let api_key = storage::generate_api_key();
                let hash = storage::hash_api_key(&db.api_key_secret().await?, &api_key);
                let key_id = db
                    .rotate_api_key(company, key, &hash)
                    .await
                    .map_err(not_found("active key", key))?;
                print_key(&args, key_id, &api_key);
            }
            KeyCommand::Scope {
                company: args,
                key,
                scope,
            } => {
                let (db, company) = company(&args).await?;
                let scope: domain::Scope = scope.into();
                db.set_key_scope(company, key, scope)
                    .await
                    .map_err(not_found("active key", key))?;
                if args.json {
                    println!("{}", json!({"key_id": key, "scope": scope.as_str()}));
                } else {
                    println!("Key {key} is now {}.", scope.as_str());
                }
            }
            KeyCommand::Revoke { company: args, key } => {
                let (db, company) = company(&args).await?;
                db.revoke_api_key(company, key)
                    .await
                    .map_err(not_found("active key", key))?;
                if args.json {
                    println!("{}", json!({"key_id": key, "revoked": true}));
                } else {
                    println!("Key {key} revoked.");
                }
            }
        }
        Ok(())
    }

    pub async fn agent(command: AgentCommand) -> anyhow::Result<()> {
        match command {
            AgentCommand::ApiAccess {
                company: args,
                agent,
                set,
            } => {
                let (db, company) = company(&args).await?;
                let enabled = set == "on";
                db.set_api_access(company, agent, enabled)
                    .await
                    .map_err(not_found("agent", agent))?;
                if args.json {
                    println!("{}", json!({"agent_id": agent, "api_access": enabled}));
                } else {
                    println!("API access of agent {agent} is {set}.");
                }
            }
        }
        Ok(())
    }
}

async fn shutdown_signal() -> &'static str {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut stream) => {
                    stream.recv().await;
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for SIGTERM");
                    std::future::pending::<()>().await;
                }
            }
        };
        tokio::select! {
            _ = interrupt => "SIGINT",
            _ = terminate => "SIGTERM",
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
        "SIGINT"
    }
}
