//! The retransmission timeout of a channel: Jacobson/Karels estimation from measured round
//! trips, with exponential backoff while nothing is acknowledged.

use std::time::Duration;

/// The smallest timeout: below it, scheduling noise alone would cause resends.
pub(crate) const MIN_RTO: Duration = Duration::from_millis(2);
/// The largest timeout, also the cap of the backoff.
pub(crate) const MAX_RTO: Duration = Duration::from_secs(2);
/// The timeout before any round trip has been measured.
const INITIAL_RTO: Duration = Duration::from_millis(50);

/// Smoothed round-trip time and its variation, in microseconds.
#[derive(Debug, Clone)]
pub(crate) struct Rto {
    srtt: Option<f64>,
    rttvar: f64,
    backoff: u32,
}

impl Rto {
    /// An estimator with no measurement yet.
    pub fn new() -> Rto {
        Rto {
            srtt: None,
            rttvar: 0.0,
            backoff: 0,
        }
    }

    /// Takes one round-trip measurement (of a frame sent only once) into account.
    pub fn sample(&mut self, rtt: Duration) {
        let r = rtt.as_secs_f64() * 1e6;
        match self.srtt {
            None => {
                self.srtt = Some(r);
                self.rttvar = r / 2.0;
            }
            Some(srtt) => {
                self.rttvar = 0.75 * self.rttvar + 0.25 * (srtt - r).abs();
                self.srtt = Some(0.875 * srtt + 0.125 * r);
            }
        }
    }

    /// Progress was made: the backoff ends.
    pub fn reset_backoff(&mut self) {
        self.backoff = 0;
    }

    /// A timeout fired without progress: the next one is twice as long.
    pub fn back_off(&mut self) {
        self.backoff = (self.backoff + 1).min(16);
    }

    /// The current timeout, backoff included.
    pub fn timeout(&self) -> Duration {
        let base = match self.srtt {
            None => INITIAL_RTO,
            Some(srtt) => Duration::from_secs_f64((srtt + 4.0 * self.rttvar) * 1e-6),
        };
        base.clamp(MIN_RTO, MAX_RTO)
            .saturating_mul(1 << self.backoff)
            .min(MAX_RTO)
    }

    /// How long after its last transmission a frame that the peer still asks for is
    /// presumed lost (smaller than the timeout: a repair, not a timeout).
    pub fn repair_after(&self) -> Duration {
        match self.srtt {
            None => INITIAL_RTO,
            Some(srtt) => Duration::from_secs_f64((srtt + 2.0 * self.rttvar).max(100.0) * 1e-6),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_measurements_and_backs_off_to_the_cap() {
        let mut rto = Rto::new();
        assert_eq!(rto.timeout(), INITIAL_RTO);
        for _ in 0..50 {
            rto.sample(Duration::from_millis(10));
        }
        let settled = rto.timeout();
        assert!(settled >= Duration::from_millis(10) && settled < Duration::from_millis(12));
        rto.back_off();
        assert!(rto.timeout() >= settled * 2 - Duration::from_micros(1));
        for _ in 0..20 {
            rto.back_off();
        }
        assert_eq!(rto.timeout(), MAX_RTO);
        rto.reset_backoff();
        assert_eq!(rto.timeout(), settled);
    }
}
