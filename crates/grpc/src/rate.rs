//! Request budgets: one per API key, shared by gRPC and the legacy API because both count a
//! request where it is authenticated, and a budget of failed authentications per client
//! address. Both use governor's GCRA limiter.
//!
//! NOTE: budgets live in this process. Replicas behind a load balancer each keep their own,
//! so N replicas allow up to N times the configured rate.

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

/// Budget settings.
#[derive(Clone, Copy, Debug)]
pub struct RateLimitConfig {
    /// Requests a minute per API key.
    pub requests_per_minute: u32,
    /// Failed authentications a minute per client address.
    pub auth_failures_per_minute: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            requests_per_minute: 60,
            auth_failures_per_minute: 10,
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
                "rate limit exceeded: at most {} requests a minute; retry in {} s",
                self.budget.limit,
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

/// The budgets of one process.
pub struct RateLimits {
    config: RateLimitConfig,
    per_key: KeyedLimiter<i64>,
    failures: KeyedLimiter<IpAddr>,
    blocked: Mutex<HashMap<IpAddr, Instant>>,
    clock: DefaultClock,
}

fn quota(per_minute: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl RateLimits {
    pub fn new(config: RateLimitConfig) -> Self {
        RateLimits {
            config,
            per_key: RateLimiter::keyed(quota(config.requests_per_minute))
                .with_middleware::<StateInformationMiddleware>(),
            failures: RateLimiter::keyed(quota(config.auth_failures_per_minute))
                .with_middleware::<StateInformationMiddleware>(),
            blocked: Mutex::new(HashMap::new()),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one request of an API key.
    pub fn admit_key(&self, key_id: i64) -> Result<Budget, Limited> {
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
    pub fn check_address(&self, address: Option<IpAddr>) -> Result<(), Limited> {
        let Some(address) = address else {
            return Ok(());
        };
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
    pub fn record_failure(&self, address: Option<IpAddr>) -> Result<Budget, Limited> {
        let limit = self.config.auth_failures_per_minute.max(1);
        let Some(address) = address else {
            return Ok(Budget {
                limit,
                remaining: limit,
                reset_seconds: 0,
            });
        };
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

    fn failure_limited(&self, wait: Duration) -> Limited {
        let limit = self.config.auth_failures_per_minute.max(1);
        Limited {
            retry_after: wait,
            budget: Budget {
                limit,
                remaining: 0,
                reset_seconds: retry_seconds(wait),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_budget_runs_out_after_limit() {
        let limits = RateLimits::new(RateLimitConfig {
            requests_per_minute: 3,
            auth_failures_per_minute: 3,
        });
        let remaining: Vec<u32> = (0..3)
            .filter_map(|_| limits.admit_key(7).ok())
            .map(|budget| budget.remaining)
            .collect();
        assert_eq!(remaining, vec![2, 1, 0]);
        let limited = limits
            .admit_key(7)
            .err()
            .map(|limited| limited.budget.remaining);
        assert_eq!(limited, Some(0));
        assert!(limits.admit_key(8).is_ok());
    }

    #[test]
    fn address_is_blocked_after_failures() {
        let limits = RateLimits::new(RateLimitConfig {
            requests_per_minute: 3,
            auth_failures_per_minute: 2,
        });
        let address = Some(IpAddr::from([127, 0, 0, 9]));
        assert!(limits.record_failure(address).is_ok());
        assert!(limits.record_failure(address).is_ok());
        assert!(limits.check_address(address).is_ok());
        assert!(limits.record_failure(address).is_err());
        assert!(limits.check_address(address).is_err());
        assert!(
            limits
                .check_address(Some(IpAddr::from([127, 0, 0, 10])))
                .is_ok()
        );
    }

    #[test]
    fn retry_seconds_round_up() {
        assert_eq!(retry_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_seconds(Duration::from_secs(2)), 2);
        assert_eq!(retry_seconds(Duration::from_millis(2001)), 3);
        assert_eq!(retry_seconds(Duration::ZERO), 1);
    }
}
