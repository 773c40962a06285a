//! Wall-clock time for `Unix.gettimeofday` (and `Unix.time`, its floor).

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, with sub-second precision.
pub fn gettimeofday() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_after_2020_and_does_not_go_backwards() {
        let a = super::gettimeofday();
        let b = super::gettimeofday();
        assert!(a > 1.6e9, "{a}");
        assert!(b >= a);
    }
}
