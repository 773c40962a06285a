//! One module per subcommand.

pub mod build;
pub mod check;
pub mod explain;
pub mod ir;
pub mod run;
