//! Arbitrary bytes as saved fusion state: `Baseline::from_bytes` and
//! `SessionHistory::from_bytes` return a typed error or a state that re-encodes to the same
//! bytes' meaning (decode -> encode -> decode is stable). Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resona_fusion::{Baseline, SessionHistory, assess_burnout, BurnoutConfig};

fuzz_target!(|bytes: &[u8]| {
    if let Ok(b) = Baseline::from_bytes(bytes) {
        let again = Baseline::from_bytes(&b.to_bytes()).expect("re-encoded baseline decodes");
        assert_eq!(again.to_bytes(), b.to_bytes());
    }
    if let Ok(h) = SessionHistory::from_bytes(bytes) {
        let again = SessionHistory::from_bytes(&h.to_bytes()).expect("re-encoded history decodes");
        assert_eq!(again.to_bytes(), h.to_bytes());
        if let Ok(a) = assess_burnout(&h, &BurnoutConfig::default()) {
            assert!((0.0..=100.0).contains(&a.score), "{}", a.score);
        }
    }
});
