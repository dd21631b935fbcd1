//! UniFFI's binding generator, pinned to this crate's UniFFI version.
//!
//! `cargo run -p resona-uniffi --bin uniffi-bindgen -- generate --library <libresona_uniffi.so>
//! --language kotlin --out-dir <dir>`; see the README.

fn main() {
    uniffi::uniffi_bindgen_main();
}
