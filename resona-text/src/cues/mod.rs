//! Cues in a chat message beyond its sentiment: Swahili/English code-switching and
//! deflection, stressors, sarcasm, and PII redaction.
//!
//! Each detector is a plan built once from a config struct (`Send + Sync`, shareable across
//! threads) whose methods take `&str` and return owned, typed results. Every [`Span`] is a
//! byte range on char boundaries of the text the caller passed in, so `&text[span.range()]`
//! never panics. Text longer than the config's [`Limits::max_text_bytes`] is a
//! [`LimitError`](resona_core::LimitError).
//!
//! - [`codeswitch`]: per-word English / Swahili / other identification, switch points, the
//!   Swahili ratio, and deflection phrases ("niko sawa", "I'm fine", "it's nothing") that
//!   the fusion layer reads as possible concealment;
//! - [`stressors`]: what a message talks about that commonly causes stress (work or study,
//!   relationships, family, health, money, housing, loss, safety), in English and Swahili;
//! - [`sarcasm`]: cues such as "Oh great, another meeting", "yeah right", "/s", 🙄, and the
//!   sentiment adjustment applied when they are found;
//! - [`pii`]: e-mail addresses, phone numbers, URLs, long digit ids and self-introduced
//!   names replaced by typed placeholders, so a host can anonymise text before it leaves the
//!   device.
//!
//! All matching is on whole normalised words (lower case, apostrophes removed, NFC), never
//! on raw substrings.
//!
//! ```
//! use resona_text::cues::{codeswitch::*, pii::*, sarcasm::*, stressors::*};
//!
//! let text = "Oh great, another meeting. Kazi imenishinda lakini niko sawa";
//! let cs = CodeSwitchDetector::new(CodeSwitchConfig::default())?.analyze(text)?;
//! assert!(cs.swahili_ratio > 0.3 && !cs.switch_points.is_empty());
//! assert_eq!(cs.deflections[0].kind, DeflectionKind::AssertsFine);
//!
//! let found = StressorDetector::new(StressorConfig::default())?.detect(text)?;
//! assert_eq!(found[0].kind, StressorKind::WorkOrStudy);
//!
//! let s = SarcasmDetector::new(SarcasmConfig::default())?.detect("Oh great, another meeting")?;
//! assert!(s.detected && s.adjusted_compound < 0.0);
//!
//! let r = PiiRedactor::new(PiiConfig::default())?.redact("mail me: jo@example.com")?;
//! assert_eq!(r.text, "mail me: [EMAIL]");
//! # Ok::<(), resona_text::Error>(())
//! ```
//!
//! [`Limits::max_text_bytes`]: resona_core::Limits::max_text_bytes

pub mod codeswitch;
pub mod pii;
pub mod sarcasm;
pub mod stressors;
mod tokens;

use std::ops::Range;

/// A byte range `[start, end)` of the text a detector was given; both ends lie on char
/// boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The span as a range, for slicing: `&text[span.range()]`.
    #[must_use]
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether the two spans share at least one byte.
    #[must_use]
    pub const fn overlaps(&self, other: &Self) -> bool {
        self.start < other.end && other.start < self.end
    }
}
