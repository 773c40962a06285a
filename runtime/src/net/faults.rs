//! Fault injection on outgoing datagrams: what `ANERIS_NET_FAULTS` and
//! `set_send_fault_flags` ask for, and the per-socket decision of what to do with a datagram.

use super::lock;
use super::rng::Rng;
use super::NetError;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// The environment variable read for the process-wide fault setting.
pub const FAULTS_ENV: &str = "ANERIS_NET_FAULTS";

/// How long a reordered datagram is held back at most, so later ones overtake it.
const REORDER_HOLD_MAX: Duration = Duration::from_micros(1500);

/// Probabilities of what happens to each outgoing datagram.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaultConfig {
    /// Probability that a datagram is silently lost.
    pub drop: f64,
    /// Probability that a datagram is sent twice.
    pub dup: f64,
    /// Probability that a datagram is held back briefly so that later ones overtake it.
    pub reorder: f64,
    /// Probability that a datagram is sent only after `delay_ms`.
    pub delay: f64,
    /// The delay of a delayed datagram, in milliseconds.
    pub delay_ms: u64,
    /// Seed of the decisions; `None` picks a random one.
    pub seed: Option<u64>,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            drop: 0.0,
            dup: 0.0,
            reorder: 0.0,
            delay: 0.0,
            delay_ms: 10,
            seed: None,
        }
    }
}

impl FaultConfig {
    /// Parses `drop=0.2,dup=0.1,reorder=0.1,delay=0.05,delay_ms=10,seed=7` (any subset, any
    /// order; the empty text means no faults).
    pub fn parse(spec: &str) -> Result<FaultConfig, NetError> {
        let mut cfg = FaultConfig::default();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = item
                .split_once('=')
                .ok_or_else(|| NetError::Faults(format!("{item:?} is not KEY=VALUE")))?;
            let (key, value) = (key.trim(), value.trim());
            match key {
                "drop" => cfg.drop = probability(key, value)?,
                "dup" => cfg.dup = probability(key, value)?,
                "reorder" => cfg.reorder = probability(key, value)?,
                "delay" => cfg.delay = probability(key, value)?,
                "delay_ms" => cfg.delay_ms = integer(key, value)?,
                "seed" => cfg.seed = Some(integer(key, value)?),
                _ => {
                    return Err(NetError::Faults(format!(
                        "unknown key {key:?} (known: drop, dup, reorder, delay, delay_ms, seed)"
                    )))
                }
            }
        }
        Ok(cfg)
    }

    /// The setting of `set_send_fault_flags drop delay dup` (rates per mille).
    pub fn from_per_mille(drop: i64, delay: i64, dup: i64) -> Result<FaultConfig, NetError> {
        let rate = |name: &str, v: i64| {
            if (0..=1000).contains(&v) {
                Ok(v as f64 / 1000.0)
            } else {
                Err(NetError::Faults(format!(
                    "{name} rate {v} is not in 0..1000 per mille"
                )))
            }
        };
        Ok(FaultConfig {
            drop: rate("drop", drop)?,
            delay: rate("delay", delay)?,
            dup: rate("dup", dup)?,
            ..FaultConfig::default()
        })
    }

    /// Whether any datagram can be affected.
    pub fn is_active(&self) -> bool {
        self.drop > 0.0 || self.dup > 0.0 || self.reorder > 0.0 || self.delay > 0.0
    }
}

fn probability(key: &str, value: &str) -> Result<f64, NetError> {
    match value.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(NetError::Faults(format!(
            "{key}={value:?} is not a probability in [0, 1]"
        ))),
    }
}

fn integer(key: &str, value: &str) -> Result<u64, NetError> {
    value
        .parse::<u64>()
        .map_err(|_| NetError::Faults(format!("{key}={value:?} is not a non-negative integer")))
}

/// The process-wide setting: `None` until first read from the environment.
static PROCESS: Mutex<Option<Result<FaultConfig, String>>> = Mutex::new(None);
/// Bumped at every change of the process-wide setting, so sockets reload it.
static GENERATION: AtomicU64 = AtomicU64::new(1);
/// Counts sockets, so that sockets sharing a seed still make different decisions.
static SOCKETS: AtomicU64 = AtomicU64::new(0);

/// Reads `ANERIS_NET_FAULTS` (once) and reports a malformed setting; the runtime calls this
/// at start-up so the error appears before any socket is made.
pub fn init_from_env() -> Result<FaultConfig, NetError> {
    process_faults()
}

/// The process-wide fault setting (from the environment unless set programmatically).
pub fn process_faults() -> Result<FaultConfig, NetError> {
    let mut guard = lock(&PROCESS);
    let setting = guard.get_or_insert_with(|| match std::env::var(FAULTS_ENV) {
        Ok(spec) => FaultConfig::parse(&spec).map_err(|e| e.to_string()),
        Err(_) => Ok(FaultConfig::default()),
    });
    setting.clone().map_err(NetError::Faults)
}

/// Replaces the process-wide setting (`set_send_fault_flags`, `sendTo_sim_flag`); sockets
/// without a setting of their own follow it from their next datagram on.
pub fn set_process_faults(cfg: FaultConfig) {
    *lock(&PROCESS) = Some(Ok(cfg));
    GENERATION.fetch_add(1, Ordering::Release);
}

/// What to do with one datagram: each entry is one copy to send, after the given hold.
#[derive(Debug, PartialEq)]
pub(crate) struct Plan {
    /// The copies to send (none: the datagram is dropped).
    pub copies: Vec<Duration>,
}

/// The fault decisions of one socket.
pub(crate) struct FaultState {
    /// A setting of the socket's own, which wins over the process-wide one.
    own: Option<FaultConfig>,
    /// The generation of the process-wide setting that `cfg` was loaded from.
    generation: u64,
    cfg: FaultConfig,
    rng: Rng,
    index: u64,
}

impl FaultState {
    /// The state of a new socket, following the process-wide setting.
    pub fn new() -> Result<FaultState, NetError> {
        let cfg = process_faults()?;
        let index = SOCKETS.fetch_add(1, Ordering::Relaxed);
        let generation = GENERATION.load(Ordering::Acquire);
        Ok(FaultState {
            own: None,
            generation,
            rng: seeded(&cfg, index),
            cfg,
            index,
        })
    }

    /// Gives the socket a setting of its own.
    pub fn set_own(&mut self, cfg: FaultConfig) {
        self.own = Some(cfg);
        self.rng = seeded(&cfg, self.index);
        self.cfg = cfg;
    }

    /// Decides the fate of the next datagram; `None` means "send it once, now".
    pub fn plan(&mut self) -> Option<Plan> {
        if self.own.is_none() {
            let generation = GENERATION.load(Ordering::Acquire);
            if generation != self.generation {
                self.generation = generation;
                if let Ok(cfg) = process_faults() {
                    self.rng = seeded(&cfg, self.index);
                    self.cfg = cfg;
                }
            }
        }
        if !self.cfg.is_active() {
            return None;
        }
        let cfg = self.cfg;
        if self.rng.chance(cfg.drop) {
            return Some(Plan { copies: Vec::new() });
        }
        let count = if self.rng.chance(cfg.dup) { 2 } else { 1 };
        let copies = (0..count)
            .map(|_| {
                if self.rng.chance(cfg.delay) {
                    Duration::from_millis(cfg.delay_ms)
                } else if self.rng.chance(cfg.reorder) {
                    REORDER_HOLD_MAX.mul_f64(self.rng.unit())
                } else {
                    Duration::ZERO
                }
            })
            .collect();
        Some(Plan { copies })
    }
}

fn seeded(cfg: &FaultConfig, index: u64) -> Rng {
    match cfg.seed {
        Some(seed) => Rng::new(seed ^ index.wrapping_mul(0x2545_f491_4f6c_dd1d)),
        None => Rng::from_entropy(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key_and_rejects_bad_text() {
        let cfg = FaultConfig::parse("drop=0.2, dup=0.1,reorder=0.1,delay=0.05,delay_ms=3,seed=7")
            .unwrap();
        assert_eq!(cfg.drop, 0.2);
        assert_eq!(cfg.dup, 0.1);
        assert_eq!(cfg.reorder, 0.1);
        assert_eq!(cfg.delay, 0.05);
        assert_eq!(cfg.delay_ms, 3);
        assert_eq!(cfg.seed, Some(7));
        assert!(!FaultConfig::parse("").unwrap().is_active());
        for bad in ["drop=2", "drp=0.1", "drop", "seed=-1", "dup=x"] {
            let err = FaultConfig::parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("ANERIS_NET_FAULTS: "), "{bad}: {err}");
        }
    }

    #[test]
    fn per_mille_flags_map_onto_probabilities() {
        let cfg = FaultConfig::from_per_mille(200, 10, 20).unwrap();
        assert_eq!((cfg.drop, cfg.delay, cfg.dup), (0.2, 0.01, 0.02));
        assert!(FaultConfig::from_per_mille(1001, 0, 0).is_err());
    }

    #[test]
    fn a_socket_setting_drops_about_the_asked_share() {
        let mut state = FaultState::new().unwrap();
        state.set_own(FaultConfig {
            drop: 0.5,
            seed: Some(1),
            ..FaultConfig::default()
        });
        let dropped = (0..10_000)
            .filter(|_| state.plan().is_some_and(|p| p.copies.is_empty()))
            .count();
        assert!((4_500..5_500).contains(&dropped), "{dropped}");
    }
}
