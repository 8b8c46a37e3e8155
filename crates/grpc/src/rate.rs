//! Request budgets: one per API key, shared by gRPC and the legacy API because both count a
//! request where it is authenticated, and a budget of failed authentications per client
//! address.
//!
//! The `memory` store keeps budgets in this process with governor's GCRA limiter, which
//! refills continuously. The `database` store counts requests per minute in the shared
//! database, so replicas behind a load balancer share one budget per key; it costs one
//! write per request.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::error::ERROR_DOMAIN;

/// The store that keeps the budgets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RateLimitStore {
    /// In this process: fast, but each replica has its own budgets.
    #[default]
    Memory,
    /// In the database: one budget per key across every process that shares it.
    Database,
}

/// Budget settings.
#[derive(Clone, Copy, Debug)]
pub struct RateLimitConfig {
    /// Requests a minute per API key.
    pub requests_per_minute: u32,
    /// Failed authentications a minute per client address.
    pub auth_failures_per_minute: u32,
    pub store: RateLimitStore,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            requests_per_minute: 60,
            auth_failures_per_minute: 10,
            store: RateLimitStore::Memory,
        }
    }
}

/// The state of a budget after a request, for the RateLimit-* response headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the budget is full again.
    pub reset_seconds: u64,
}

/// A request over its budget.
#[derive(Clone, Copy, Debug)]
pub struct Limited {
    pub retry_after: Duration,
    pub budget: Budget,
    /// The noun for what the budget counts, used in messages: "requests" or "failed
    /// authentications".
    pub counted: &'static str,
}

impl Limited {
    /// RESOURCE_EXHAUSTED with `google.rpc.RetryInfo`.
    pub fn status(&self) -> Status {
        let mut details = ErrorDetails::with_retry_info(Some(self.retry_after));
        details.set_error_info("RATE_LIMITED", ERROR_DOMAIN, HashMap::new());
        crate::metrics::record_rate_limit_rejection();
        Status::with_error_details(
            Code::ResourceExhausted,
            format!(
                "rate limit exceeded: at most {} {} a minute; retry in {} s",
                self.budget.limit,
                self.counted,
                retry_seconds(self.retry_after)
            ),
            details,
        )
    }
}

/// Whole seconds to wait, rounded up and at least 1.
pub fn retry_seconds(wait: Duration) -> u64 {
    let rounded_up = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    rounded_up.max(1)
}

type KeyedLimiter<K> =
    RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock, StateInformationMiddleware>;

/// The budgets, in memory or in the database.
pub struct RateLimits {
    config: RateLimitConfig,
    shared: Option<storage::Database>,
    per_key: KeyedLimiter<i64>,
    failures: KeyedLimiter<IpAddr>,
    blocked: Mutex<HashMap<IpAddr, Instant>>,
    clock: DefaultClock,
}

fn quota(per_minute: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl RateLimits {
    /// Creates the budgets. `db` is used when the config selects the database store.
    pub fn new(config: RateLimitConfig, db: Option<storage::Database>) -> Self {
        RateLimits {
            config,
            shared: db.filter(|_| config.store == RateLimitStore::Database),
            per_key: RateLimiter::keyed(quota(config.requests_per_minute))
                .with_middleware::<StateInformationMiddleware>(),
            failures: RateLimiter::keyed(quota(config.auth_failures_per_minute))
                .with_middleware::<StateInformationMiddleware>(),
            blocked: Mutex::new(HashMap::new()),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one request of an API key.
    pub async fn admit_key(&self, key_id: i64) -> Result<Budget, Limited> {
        match &self.shared {
            Some(db) => {
                let limit = self.config.requests_per_minute.max(1);
                self.count_shared(db, &format!("key:{key_id}"), limit).await
            }
            None => self.admit_key_in_memory(key_id),
        }
    }

    fn admit_key_in_memory(&self, key_id: i64) -> Result<Budget, Limited> {
        let limit = self.config.requests_per_minute.max(1);
        let interval = quota(limit).replenish_interval();
        match self.per_key.check_key(&key_id) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                Ok(Budget {
                    limit,
                    remaining,
                    reset_seconds: retry_seconds(interval * (limit - remaining)),
                })
            }
            Err(not_until) => Err(Limited {
                counted: "requests",
                retry_after: not_until.wait_time_from(self.clock.now()),
                budget: Budget {
                    limit,
                    remaining: 0,
                    reset_seconds: retry_seconds(interval * limit),
                },
            }),
        }
    }

    /// Fails while `address` is blocked after too many failed authentications. A blocked
    /// address is refused before its credentials are checked, so guessing keys gains nothing.
    pub async fn check_address(&self, address: Option<IpAddr>) -> Result<(), Limited> {
        let Some(address) = address else {
            return Ok(());
        };
        if let Some(db) = &self.shared {
            let limit = self.config.auth_failures_per_minute.max(1);
            let (window, wait) = current_window();
            let failures = db
                .requests_in_window(&format!("failures:{address}"), window)
                .await
                .unwrap_or_else(|error| {
                    tracing::error!(%error, "reading a shared rate budget failed; allowing the request");
                    0
                });
            if failures > i64::from(limit) {
                return Err(self.failure_limited(wait));
            }
            return Ok(());
        }
        let mut blocked = self
            .blocked
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        match blocked.get(&address) {
            Some(until) if *until > Instant::now() => {
                Err(self.failure_limited(*until - Instant::now()))
            }
            Some(_) => {
                blocked.remove(&address);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Counts a failed authentication of `address`; past the budget the address is blocked.
    /// Returns the address's remaining budget of failures.
    pub async fn record_failure(&self, address: Option<IpAddr>) -> Result<Budget, Limited> {
        let limit = self.config.auth_failures_per_minute.max(1);
        let Some(address) = address else {
            return Ok(Budget {
                limit,
                remaining: limit,
                reset_seconds: 0,
            });
        };
        if let Some(db) = &self.shared {
            return self
                .count_shared(db, &format!("failures:{address}"), limit)
                .await;
        }
        match self.failures.check_key(&address) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let interval = quota(limit).replenish_interval();
                Ok(Budget {
                    limit,
                    remaining,
                    reset_seconds: retry_seconds(interval * (limit - remaining)),
                })
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                let mut blocked = self
                    .blocked
                    .lock()
                    .unwrap_or_else(|poison| poison.into_inner());
                // Forget expired blocks so the map stays as small as the set of abusers.
                let now = Instant::now();
                blocked.retain(|_, until| *until > now);
                blocked.insert(address, now + wait);
                tracing::warn!(client.address = %address, retry_after_ms = wait.as_millis() as u64, "blocking a client address after repeated failed authentications");
                Err(self.failure_limited(wait))
            }
        }
    }

    /// Counts a request in the shared per-minute window of `bucket`.
    async fn count_shared(
        &self,
        db: &storage::Database,
        bucket: &str,
        limit: u32,
    ) -> Result<Budget, Limited> {
        let (window, wait) = current_window();
        let count = match db.count_request(bucket, window).await {
            Ok(count) => count,
            Err(error) => {
                // Rejecting every request while the budget table is unreachable would turn a
                // database hiccup into an outage of its own. The request itself still needs
                // the database, so it fails there if the database is down.
                tracing::error!(%error, "counting a shared rate budget failed; allowing the request");
                return Ok(Budget {
                    limit,
                    remaining: limit,
                    reset_seconds: retry_seconds(wait),
                });
            }
        };
        if count == 1 {
            // The first request of a window clears windows no budget reads any more.
            let db = db.clone();
            tokio::spawn(async move {
                if let Err(error) = db.forget_windows_before(window - 120).await {
                    tracing::warn!(%error, "deleting old rate-limit windows failed");
                }
            });
        }
        let budget = Budget {
            limit,
            remaining: u32::try_from(i64::from(limit) - count).unwrap_or(0),
            reset_seconds: retry_seconds(wait),
        };
        if count > i64::from(limit) {
            let counted = if bucket.starts_with("failures:") {
                "failed authentications"
            } else {
                "requests"
            };
            return Err(Limited {
                counted,
                retry_after: wait,
                budget,
            });
        }
        Ok(budget)
    }

    fn failure_limited(&self, wait: Duration) -> Limited {
        let limit = self.config.auth_failures_per_minute.max(1);
        Limited {
            counted: "failed authentications",
            retry_after: wait,
            budget: Budget {
                limit,
                remaining: 0,
                reset_seconds: retry_seconds(wait),
            },
        }
    }
}

/// Returns the start of the current minute (Unix seconds) and the time left in it.
fn current_window() -> (i64, Duration) {
    let now = chrono::Utc::now();
    let seconds = now.timestamp();
    let window = seconds - seconds.rem_euclid(60);
    let elapsed = Duration::from_secs((seconds - window) as u64)
        + Duration::from_nanos(u64::from(now.timestamp_subsec_nanos()));
    (window, Duration::from_secs(60).saturating_sub(elapsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory_limits(requests_per_minute: u32, auth_failures_per_minute: u32) -> RateLimits {
        let config = RateLimitConfig {
            requests_per_minute,
            auth_failures_per_minute,
            store: RateLimitStore::Memory,
        };
        RateLimits::new(config, None)
    }

    #[tokio::test]
    async fn key_budget_runs_out_after_limit() {
        let limits = memory_limits(3, 3);
        let mut remaining = Vec::new();
        for _ in 0..3 {
            remaining.push(
                limits
                    .admit_key(7)
                    .await
                    .map(|budget| budget.remaining)
                    .ok(),
            );
        }
        assert_eq!(remaining, vec![Some(2), Some(1), Some(0)]);
        let limited = limits
            .admit_key(7)
            .await
            .err()
            .map(|limited| limited.budget.remaining);
        assert_eq!(limited, Some(0));
        assert!(limits.admit_key(8).await.is_ok());
    }

    #[tokio::test]
    async fn address_is_blocked_after_failures() {
        let limits = memory_limits(3, 2);
        let address = Some(IpAddr::from([127, 0, 0, 9]));
        assert!(limits.record_failure(address).await.is_ok());
        assert!(limits.record_failure(address).await.is_ok());
        assert!(limits.check_address(address).await.is_ok());
        assert!(limits.record_failure(address).await.is_err());
        assert!(limits.check_address(address).await.is_err());
        let other = Some(IpAddr::from([127, 0, 0, 10]));
        assert!(limits.check_address(other).await.is_ok());
    }

    #[test]
    fn retry_seconds_round_up() {
        assert_eq!(retry_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_seconds(Duration::from_secs(2)), 2);
        assert_eq!(retry_seconds(Duration::from_millis(2001)), 3);
        assert_eq!(retry_seconds(Duration::ZERO), 1);
    }

    #[test]
    fn current_window_starts_on_a_minute() {
        let (window, left) = current_window();
        assert_eq!(window % 60, 0);
        assert!(left <= Duration::from_secs(60));
    }
}
