//! A small versioned little-endian binary encoding for saved state (baselines, session
//! history), and its typed error.
//!
//! Layout: 4-byte magic, `u16` version, then the payload written field by field (`u8`, `u16`,
//! `u32`, `u64`, `i64`, `f32`, `f64`, all little-endian). Every read is bounds-checked, every
//! float is checked to be finite, and lengths are checked against the bytes left before any
//! allocation, so corrupted or hostile bytes give a [`StateError`], never a panic or a huge
//! allocation.

/// Saved state could not be decoded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// The bytes do not start with the expected magic: not this kind of state.
    #[error("not {what} state: expected magic {expected:?}, found {found:?}")]
    BadMagic {
        /// Which state was expected.
        what: &'static str,
        /// The expected magic bytes.
        expected: [u8; 4],
        /// The first bytes found (fewer when the input is shorter).
        found: Vec<u8>,
    },
    /// The state was written by a newer version of Resona.
    #[error("{what} state has version {found}; this build reads versions up to {supported}")]
    UnsupportedVersion {
        /// Which state.
        what: &'static str,
        /// Version in the bytes.
        found: u16,
        /// Newest version this build reads.
        supported: u16,
    },
    /// The bytes end before the state does.
    #[error("{what} state is truncated: needed {needed} more bytes at offset {offset}, {available} left")]
    Truncated {
        /// Which state.
        what: &'static str,
        /// Offset of the read.
        offset: usize,
        /// Bytes the read needed.
        needed: usize,
        /// Bytes left.
        available: usize,
    },
    /// A value is invalid (non-finite, out of range, unknown tag) or bytes are left over.
    #[error("{what} state is corrupted: {detail}")]
    Corrupted {
        /// Which state.
        what: &'static str,
        /// What is wrong.
        detail: String,
    },
}

impl From<StateError> for resona_core::Error {
    /// Saved-state errors keep their meaning across the bindings: a newer version is
    /// `unsupported_version`, everything else `invalid_state`, both input errors.
    fn from(e: StateError) -> Self {
        use resona_core::InputError;
        match e {
            StateError::UnsupportedVersion { what, found, supported } => {
                InputError::UnsupportedVersion { what, found, supported }.into()
            }
            StateError::BadMagic { what, .. }
            | StateError::Truncated { what, .. }
            | StateError::Corrupted { what, .. } => InputError::InvalidState { what, detail: e.to_string() }.into(),
        }
    }
}

impl StateError {
    /// Stable snake_case code, like [`resona_core::Error::code`].
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::BadMagic { .. } => "bad_magic",
            Self::UnsupportedVersion { .. } => "unsupported_version",
            Self::Truncated { .. } => "truncated",
            Self::Corrupted { .. } => "corrupted",
        }
    }
}

pub(crate) struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn new(magic: [u8; 4], version: u16) -> Self {
        let mut w = Self { buf: Vec::with_capacity(256) };
        w.buf.extend_from_slice(&magic);
        w.u16(version);
        w
    }
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub(crate) fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn finish(self) -> Vec<u8> {
        self.buf
    }
}

pub(crate) struct Reader<'a> {
    what: &'static str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks the magic and version; returns the reader and the version found.
    pub(crate) fn new(
        what: &'static str,
        bytes: &'a [u8],
        magic: [u8; 4],
        supported: u16,
    ) -> Result<(Self, u16), StateError> {
        if bytes.get(..4) != Some(&magic[..]) {
            let found = bytes.iter().take(4).copied().collect();
            return Err(StateError::BadMagic { what, expected: magic, found });
        }
        let mut r = Self { what, bytes, pos: 4 };
        let version = r.u16()?;
        if version > supported {
            return Err(StateError::UnsupportedVersion { what, found: version, supported });
        }
        if version == 0 {
            return Err(r.corrupted("version 0 does not exist".into()));
        }
        Ok((r, version))
    }

    pub(crate) fn corrupted(&self, detail: String) -> StateError {
        StateError::Corrupted { what: self.what, detail }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], StateError> {
        let available = self.bytes.len().saturating_sub(self.pos);
        let slice = self.bytes.get(self.pos..).and_then(|s| s.get(..N));
        match slice.and_then(|s| <[u8; N]>::try_from(s).ok()) {
            Some(a) => {
                self.pos += N;
                Ok(a)
            }
            None => Err(StateError::Truncated { what: self.what, offset: self.pos, needed: N, available }),
        }
    }

    pub(crate) fn u8(&mut self) -> Result<u8, StateError> {
        Ok(self.take::<1>()?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16, StateError> {
        Ok(u16::from_le_bytes(self.take()?))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, StateError> {
        Ok(u32::from_le_bytes(self.take()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, StateError> {
        Ok(u64::from_le_bytes(self.take()?))
    }
    pub(crate) fn i64(&mut self) -> Result<i64, StateError> {
        Ok(i64::from_le_bytes(self.take()?))
    }
    pub(crate) fn f32(&mut self, field: &str) -> Result<f32, StateError> {
        let v = f32::from_le_bytes(self.take()?);
        if v.is_finite() { Ok(v) } else { Err(self.corrupted(format!("{field} is {v}"))) }
    }
    pub(crate) fn f64(&mut self, field: &str) -> Result<f64, StateError> {
        let v = f64::from_le_bytes(self.take()?);
        if v.is_finite() { Ok(v) } else { Err(self.corrupted(format!("{field} is {v}"))) }
    }
    pub(crate) fn bool(&mut self, field: &str) -> Result<bool, StateError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            v => Err(self.corrupted(format!("{field} is {v}, not a boolean"))),
        }
    }

    /// Reads an element count and checks that `count · min_size` bytes are left, so a corrupt
    /// count cannot trigger a huge allocation.
    pub(crate) fn count(&mut self, min_size: usize, max: usize) -> Result<usize, StateError> {
        let n = usize::try_from(self.u32()?).unwrap_or(usize::MAX);
        if n > max {
            return Err(self.corrupted(format!("{n} elements, at most {max} allowed")));
        }
        let left = self.bytes.len().saturating_sub(self.pos);
        let needed = n.saturating_mul(min_size);
        if needed > left {
            return Err(StateError::Truncated { what: self.what, offset: self.pos, needed, available: left });
        }
        Ok(n)
    }

    pub(crate) fn finish(self) -> Result<(), StateError> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(self.corrupted(format!("{} bytes left over", self.bytes.len() - self.pos)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let mut w = Writer::new(*b"TEST", 1);
        w.u8(1);
        w.u32(7);
        w.f64(1.5);
        w.i64(-3);
        let bytes = w.finish();
        let (mut r, v) = Reader::new("test", &bytes, *b"TEST", 1).unwrap();
        assert_eq!(v, 1);
        assert!(r.bool("b").unwrap());
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.f64("x").unwrap(), 1.5);
        assert_eq!(r.i64().unwrap(), -3);
        r.finish().unwrap();
        assert_eq!(Reader::new("test", &bytes, *b"NOPE", 1).err().unwrap().code(), "bad_magic");
        assert_eq!(Reader::new("test", &bytes, *b"TEST", 0).err().unwrap().code(), "unsupported_version");
        assert_eq!(Reader::new("test", &bytes[..5], *b"TEST", 1).err().unwrap().code(), "truncated");
        let (mut r, _) = Reader::new("test", &bytes[..8], *b"TEST", 1).unwrap();
        r.u8().unwrap();
        assert_eq!(r.u32().unwrap_err().code(), "truncated");
        let mut w = Writer::new(*b"TEST", 1);
        w.f32(f32::NAN);
        w.u32(u32::MAX);
        let bytes = w.finish();
        let (mut r, _) = Reader::new("test", &bytes, *b"TEST", 1).unwrap();
        assert_eq!(r.f32("x").unwrap_err().code(), "corrupted");
        assert!(r.count(8, 1 << 20).is_err());
    }
}
