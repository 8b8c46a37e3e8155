//! Measures what authentication costs on the legacy API: the same request sent with Basic
//! credentials (the key is hashed and looked up on every request) and with the session
//! cookie of an earlier login (the token's signature is checked and one query confirms the
//! key is still usable).
//!
//! Run: `cargo run --release -p server --example auth_bench [REQUESTS]`. Set
//! `HELPDESK_BENCH_POSTGRES_URL` to also measure on PostgreSQL.

use std::time::{Duration, Instant};

use server::ServerOptions;

const COMPANY: &str = "Z2Web6-s0XEaf";
const KEY: &str = "1234-5678";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let requests: usize = std::env::args()
        .nth(1)
        .and_then(|count| count.parse().ok())
        .unwrap_or(3_000);
    let folder = std::env::temp_dir().join(format!("helpdesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&folder)?;
    let mut targets = vec![(
        "SQLite",
        format!("sqlite://{}", folder.join("bench.db").display()),
    )];
    if let Ok(base) = std::env::var("HELPDESK_BENCH_POSTGRES_URL") {
        let schema = format!("bench_{}", std::process::id());
        targets.push((
            "PostgreSQL",
            storage::create_postgres_schema(&base, &schema).await?,
        ));
    }
    println!("{requests} sequential GET /api/requests/get-task/791 per run, one client, loopback");
    for (backend, url) in targets {
        let mut options = ServerOptions::loopback(url);
        options.demo = true;
        let server = server::start(options).await?;
        let address = format!("http://{}/api/requests/get-task/791", server.http_addr);
        let client = reqwest::Client::new();

        let login = client
            .get(&address)
            .basic_auth(COMPANY, Some(KEY))
            .send()
            .await?;
        let cookie = login
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(str::to_owned)
            .ok_or_else(|| anyhow::anyhow!("no session cookie"))?;

        // Alternate the two kinds over three rounds so drift affects both alike.
        let mut basic = Duration::ZERO;
        let mut session = Duration::ZERO;
        for _ in 0..3 {
            basic += run(requests / 3, || {
                client.get(&address).basic_auth(COMPANY, Some(KEY))
            })
            .await?;
            session += run(requests / 3, || {
                client.get(&address).header("cookie", &cookie)
            })
            .await?;
        }
        report(backend, "Basic credentials", requests, basic);
        report(backend, "session cookie", requests, session);
        server.shutdown().await?;
    }
    let _ = std::fs::remove_dir_all(&folder);
    Ok(())
}

async fn run(
    requests: usize,
    build: impl Fn() -> reqwest::RequestBuilder,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    for _ in 0..requests {
        let response = build().send().await?;
        anyhow::ensure!(
            response.status().is_success(),
            "status {}",
            response.status()
        );
        response.bytes().await?;
    }
    Ok(started.elapsed())
}

fn report(backend: &str, kind: &str, requests: usize, elapsed: Duration) {
    let per_request = elapsed.as_secs_f64() * 1e6 / requests as f64;
    let per_second = requests as f64 / elapsed.as_secs_f64();
    println!("{backend:<10} {kind:<18} {per_request:>8.1} us/request {per_second:>9.0} requests/s");
}
