//! Benchmarks live in `benches/`; this library only makes the package a workspace member.
#![forbid(unsafe_code)]
