//! The test process's resident memory, for tests that bound it.

/// The resident set size of this process in KiB (`VmRSS` of `/proc/self/status`).
pub fn vm_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("a VmRSS line");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a VmRSS value in KiB")
}
