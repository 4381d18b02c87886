//! Export: frames → bytes. The exporters read pages and never call back into layout.

pub mod dump;
pub mod pdf;
pub mod preview;
pub mod report;
