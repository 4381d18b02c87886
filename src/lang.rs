//! The language of an interview: selects hyphenation, typography and imprint labels.
use serde::{Deserialize, Serialize};

/// A language barakcha sets text in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Kyrgyz (Cyrillic).
    Ky,
    /// Russian.
    Ru,
    /// Kazakh (Cyrillic), ISO 639-1 `kk`.
    Kk,
}
