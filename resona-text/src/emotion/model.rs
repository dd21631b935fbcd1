//! The emotion model's file format (`.rsem`, version 1) and its validation.
//!
//! A linear model over TF-IDF features (see `features.rs`): seven logits, one per
//! GoEmotions-Ekman class in the order of its `labels.txt` (anger, disgust, fear, joy,
//! neutral, sadness, surprise), each `bias[c] + Σ x[f] * weight[f][c]`. All numbers are
//! little-endian:
//!
//! | bytes | field |
//! |-------|-------|
//! | 8 | magic `RESONAEM` |
//! | 2 | `u16` format version, 1 |
//! | 1 | `u8` classes, 7 |
//! | 1 | `u8` flags: bit 0 = bigram features; other bits must be 0 |
//! | 1 | `u8` shortest character n-gram |
//! | 1 | `u8` longest character n-gram (0 = none) |
//! | 4 | `u32` feature count `n` (at most [`MAX_FEATURES`]) |
//! | 4 | `f32` weight scale `s` |
//! | 28 | 7 × `f32` bias |
//! | … | `n` × (`u8` length, that many bytes of UTF-8): the feature strings, distinct, non-empty |
//! | 4n | `n` × `f32` inverse document frequency, finite and positive |
//! | 14n | `n` × 7 × `i16` weights `q`; a weight is `q * s` |
//! | 4 | `u32` FNV-1a checksum of every byte before it |
//!
//! Weights are quantised to 16 bits with one scale (`s = max |w| / 32767`); the relative
//! error is at most 1/65534 of the largest weight, far below what changes a prediction.

use resona_core::ModelError;

use super::features::FeatureKinds;

/// File magic of the emotion model format.
pub const MAGIC: &[u8; 8] = b"RESONAEM";
/// The format version this crate reads and writes.
pub const VERSION: u16 = 1;
/// Number of classes of every model of this format.
pub const CLASSES: usize = 7;
/// Most features a model file may declare; protects the loader from a hostile count.
pub const MAX_FEATURES: usize = 4_000_000;

const BACKEND: &str = "resona-text emotion model";
const HEADER_LEN: usize = 8 + 2 + 1 + 1 + 1 + 1 + 4 + 4 + 4 * CLASSES;

fn load_error(reason: impl Into<String>) -> ModelError {
    ModelError::Load { backend: BACKEND, reason: reason.into() }
}

/// A decoded emotion model: what the trainer produces and the classifier runs.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelData {
    /// Features the model was trained with.
    pub kinds: FeatureKinds,
    /// Vocabulary: the feature strings, index = position.
    pub features: Vec<String>,
    /// Inverse document frequency of each feature.
    pub idf: Vec<f32>,
    /// Weights of each feature, per class in GoEmotions-Ekman order.
    pub weights: Vec<[f32; CLASSES]>,
    /// Per-class bias in GoEmotions-Ekman order.
    pub bias: [f32; CLASSES],
}

fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

impl ModelData {
    /// Encodes the model in format version 1, quantising the weights.
    ///
    /// Fails with [`ModelError::InvalidSpec`] when the model cannot be encoded: lengths
    /// disagree, a feature is empty, longer than 255 bytes or repeated, or a number is not
    /// finite (or an idf not positive).
    pub fn to_bytes(&self) -> Result<Vec<u8>, ModelError> {
        let invalid = |detail: String| ModelError::InvalidSpec { detail };
        let n = self.features.len();
        if self.idf.len() != n || self.weights.len() != n || n > MAX_FEATURES {
            return Err(invalid(format!(
                "{n} features, {} idf values and {} weight rows must agree and be at most {MAX_FEATURES}",
                self.idf.len(),
                self.weights.len()
            )));
        }
        let mut seen = std::collections::HashSet::with_capacity(n);
        if let Some(f) = self.features.iter().find(|f| f.is_empty() || f.len() > 255 || !seen.insert(f.as_str())) {
            return Err(invalid(format!("feature {f:?} is empty, longer than 255 bytes or repeated")));
        }
        let all_weights = self.weights.iter().flatten().chain(&self.bias);
        if all_weights.clone().chain(&self.idf).any(|x| !x.is_finite()) || self.idf.iter().any(|&x| x <= 0.0) {
            return Err(invalid("weights, biases and idf must be finite and idf positive".to_owned()));
        }
        let max = self.weights.iter().flatten().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
        let flags = u8::from(self.kinds.bigrams);
        let mut out = Vec::with_capacity(HEADER_LEN + n * 28 + 4);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&[CLASSES as u8, flags, self.kinds.char_min, self.kinds.char_max]);
        out.extend_from_slice(&(n as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        self.bias.iter().for_each(|b| out.extend_from_slice(&b.to_le_bytes()));
        for f in &self.features {
            out.push(f.len() as u8);
            out.extend_from_slice(f.as_bytes());
        }
        self.idf.iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
        for w in self.weights.iter().flatten() {
            let q = (w / scale).round().clamp(-f32::from(i16::MAX), f32::from(i16::MAX)) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        let sum = fnv1a(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        Ok(out)
    }

    /// Decodes and validates a model in format version 1.
    ///
    /// Every rule of the format is checked (magic, version, class count, flags, counts,
    /// lengths, checksum, UTF-8, distinct features, finite numbers); a violation is a
    /// [`ModelError::Load`] whose reason names it. Never panics on any input.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        if bytes.len() < HEADER_LEN + 4 {
            return Err(load_error(format!(
                "{} bytes is shorter than the {} of an empty model",
                bytes.len(),
                HEADER_LEN + 4
            )));
        }
        if &bytes[..8] != MAGIC {
            return Err(load_error("bad magic: not a Resona emotion model (expected \"RESONAEM\")"));
        }
        let mut r = Reader { bytes, pos: 8 };
        let version = u16::from_le_bytes(r.array()?);
        if version != VERSION {
            return Err(load_error(format!("format version {version} is not supported; this build reads {VERSION}")));
        }
        let [classes, flags, char_min, char_max] = r.array()?;
        if usize::from(classes) != CLASSES {
            return Err(load_error(format!("{classes} classes; the model must have {CLASSES}")));
        }
        if flags > 1 || char_min > char_max || (char_max > 0 && char_min == 0) {
            return Err(load_error(format!(
                "invalid feature header: flags {flags:#04x}, character n-grams {char_min}..={char_max}"
            )));
        }
        let (body, stored) = bytes.split_at(bytes.len() - 4);
        let stored = u32::from_le_bytes([stored[0], stored[1], stored[2], stored[3]]);
        if fnv1a(body) != stored {
            return Err(load_error("checksum mismatch: the model bytes are corrupt or truncated"));
        }
        r.bytes = body;
        let n = u32::from_le_bytes(r.array()?) as usize;
        if n > MAX_FEATURES {
            return Err(load_error(format!("{n} features is more than the {MAX_FEATURES} allowed")));
        }
        let scale = f32::from_le_bytes(r.array()?);
        let mut bias = [0f32; CLASSES];
        for b in &mut bias {
            *b = f32::from_le_bytes(r.array()?);
        }
        if !scale.is_finite() || scale <= 0.0 || bias.iter().any(|b| !b.is_finite()) {
            return Err(load_error("weight scale must be finite and positive, biases finite"));
        }
        let mut features = Vec::with_capacity(n.min(bytes.len()));
        let mut seen = std::collections::HashSet::with_capacity(n.min(bytes.len()));
        for i in 0..n {
            let [len] = r.array()?;
            let raw = r.take(usize::from(len))?;
            let f = std::str::from_utf8(raw).map_err(|_| load_error(format!("feature {i} is not valid UTF-8")))?;
            if f.is_empty() || !seen.insert(f) {
                return Err(load_error(format!("feature {i} ({f:?}) is empty or repeated")));
            }
            features.push(f.to_owned());
        }
        let mut idf = Vec::with_capacity(n);
        for i in 0..n {
            let x = f32::from_le_bytes(r.array()?);
            if !x.is_finite() || x <= 0.0 {
                return Err(load_error(format!("idf of feature {i} is {x}; it must be finite and positive")));
            }
            idf.push(x);
        }
        let mut weights = Vec::with_capacity(n);
        for _ in 0..n {
            let mut row = [0f32; CLASSES];
            for w in &mut row {
                *w = f32::from(i16::from_le_bytes(r.array()?)) * scale;
            }
            weights.push(row);
        }
        if r.pos != body.len() {
            return Err(load_error(format!("{} unexpected bytes after the weights", body.len() - r.pos)));
        }
        let kinds = FeatureKinds { bigrams: flags & 1 == 1, char_min, char_max };
        Ok(Self { kinds, features, idf, weights, bias })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(len).filter(|&e| e <= self.bytes.len()).ok_or_else(|| {
            load_error(format!(
                "truncated: needs {len} bytes at offset {}, {} remain",
                self.pos,
                self.bytes.len() - self.pos
            ))
        })?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> ModelData {
        ModelData {
            kinds: FeatureKinds::WORDS,
            features: vec!["happy".into(), "😀".into()],
            idf: vec![1.5, 2.0],
            weights: vec![[0.0, 0.0, 0.0, 2.0, 0.0, -1.0, 0.0], [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.5]],
            bias: [0.1, -0.2, 0.0, 0.0, 0.3, 0.0, 0.0],
        }
    }

    #[test]
    fn round_trip_within_quantisation() {
        let m = tiny();
        let back = ModelData::from_bytes(&m.to_bytes().unwrap()).unwrap();
        assert_eq!((back.kinds, &back.features, &back.idf, back.bias), (m.kinds, &m.features, &m.idf, m.bias));
        for (a, b) in back.weights.iter().flatten().zip(m.weights.iter().flatten()) {
            assert!((a - b).abs() <= 2.0 / 32767.0);
        }
    }

    #[test]
    fn every_single_byte_flip_and_truncation_is_rejected() {
        let bytes = tiny().to_bytes().unwrap();
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x40;
            assert!(matches!(ModelData::from_bytes(&bad), Err(ModelError::Load { .. })), "flip at {i}");
            assert!(ModelData::from_bytes(&bytes[..i]).is_err(), "truncated to {i}");
        }
    }

    #[test]
    fn invalid_models_are_not_encoded() {
        let mut m = tiny();
        m.features[1] = "happy".into();
        assert!(matches!(m.to_bytes(), Err(ModelError::InvalidSpec { .. })));
        let mut m = tiny();
        m.idf[0] = f32::NAN;
        assert!(m.to_bytes().is_err());
    }
}
