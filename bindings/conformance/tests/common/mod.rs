//! What the case-generating tests share.

use std::path::Path;

use serde_json::Value;

/// With `RESONA_REGENERATE_CASES` set, writes `doc` (a cases file: `{"cases": [...]}`) to
/// `target`. Otherwise checks that the file on disk declares the same cases as `doc` (each
/// case's name, op and input, in order), so an edit to the declarations cannot go unnoticed.
#[allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr, reason = "test support: a panic is a failed test")]
pub(crate) fn write_or_check(target: &Path, doc: &Value) {
    if std::env::var("RESONA_REGENERATE_CASES").is_ok() {
        std::fs::write(target, serde_json::to_string_pretty(doc).unwrap() + "\n").unwrap();
        eprintln!("wrote {}", target.display());
        return;
    }
    let text = std::fs::read_to_string(target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    let current: Value = serde_json::from_str(&text).unwrap();
    let declared = |d: &Value| {
        d["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].clone(), c["op"].clone(), c["input"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(declared(&current), declared(doc), "{} is stale: regenerate it", target.display());
}
