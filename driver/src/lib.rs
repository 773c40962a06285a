//! The driver: owns the stages of a compilation — read the sources ([`sources`]), type them,
//! lower them with the library modules they need and verify the IR, check every channel
//! against its protocol ([`analysis`]), verify a whole system ([`system`]), generate native
//! code and link it ([`build`], cached by content in [`cache`]), or interpret it
//! ([`interpret`]) — and returns what each produced, or a [`failure::Failure`], as values.
//! The command line's commands are thin adapters over it; nothing here prints.

pub mod analysis;
pub mod build;
pub mod cache;
pub mod failure;
pub mod interpret;
pub mod sources;
pub mod system;
