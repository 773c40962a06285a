//! One module per subcommand.

pub mod build;
pub mod check;
pub mod explain;
pub mod ir;
pub mod launch;
pub mod run;
pub mod verify;
