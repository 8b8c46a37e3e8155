//! Process-wide counters for code that has no handle on the server's metrics registry. The
//! server copies them into the registry it serves at `/metrics` on every scrape.

use std::sync::atomic::{AtomicU64, Ordering};

static RATE_LIMIT_REJECTIONS: AtomicU64 = AtomicU64::new(0);

/// Counts one request that a rate limiter rejected; `/metrics` reports the total as
/// `helpdesk_rate_limit_rejections_total`.
pub fn record_rate_limit_rejection() {
    RATE_LIMIT_REJECTIONS.fetch_add(1, Ordering::Relaxed);
}

/// Returns how many requests rate limiters rejected since the process started.
pub fn rate_limit_rejections() -> u64 {
    RATE_LIMIT_REJECTIONS.load(Ordering::Relaxed)
}
