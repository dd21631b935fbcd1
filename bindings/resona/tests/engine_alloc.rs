//! Pushing audio into a warmed-up `Engine` allocates nothing, except in the pushes that close a
//! stretch of speech (classifying it and running a fusion step build owned results): a
//! counting global allocator proves it.
//!
//! This file is its own test binary, so the allocator below only affects it.
// The workspace denies unsafe code; implementing `GlobalAlloc` is unsafe by definition. The
// impl only forwards to the system allocator and bumps a counter.
#![allow(unsafe_code, clippy::unwrap_used, missing_docs)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use resona::{AudioView, Engine, EngineConfig, TimestampMs};

/// Counts allocations made while `COUNTING` is set (the file has one test, so one thread).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the counter has no effect on the memory returned.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: `ptr` came from `System` with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn speech() -> Vec<i16> {
    let bytes = include_bytes!("../../../resona-audio/tests/data/golden/inputs/espeak_en.pcm16");
    bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect()
}

#[test]
fn steady_state_audio_pushes_do_not_allocate() {
    let engine = Engine::new(EngineConfig::default()).unwrap();
    let voice = speech();
    // 48 kHz stereo 20 ms chunks, as a capture callback delivers them: the intake resamples.
    let stereo48: Vec<i16> = voice.iter().flat_map(|&s| [s; 6]).collect();
    let chunks: Vec<&[i16]> = stereo48.chunks(2 * 960).collect();
    let mut t = 0i64;
    let mut push = |chunk: &[i16]| {
        let view = AudioView::from_i16(chunk, 48_000, 2).unwrap();
        ALLOCATIONS.store(0, Ordering::SeqCst);
        COUNTING.store(true, Ordering::SeqCst);
        let closed = engine.push_audio(&view, TimestampMs(t)).unwrap();
        COUNTING.store(false, Ordering::SeqCst);
        t += 20;
        (closed.len(), ALLOCATIONS.load(Ordering::SeqCst))
    };
    // Warm-up: 10 s, so every buffer has reached the size of the longest segment.
    for chunk in chunks.iter().cycle().take(500) {
        push(chunk);
    }
    // A push that returns no voice segment allocates only when the VAD closed a stretch of
    // speech that the features then rejected as too short (`buffer_too_short`): its features
    // were computed and dropped. Every other such push is allocation-free.
    let (mut quiet, mut quiet_allocating, mut segments) = (0, 0, 0);
    for chunk in chunks.iter().cycle().take(1_000) {
        let (closed, allocs) = push(chunk);
        if closed == 0 {
            quiet += 1;
            quiet_allocating += usize::from(allocs > 0);
        }
        segments += closed;
    }
    eprintln!("{segments} segments; {quiet_allocating} of {quiet} pushes without a segment allocated");
    assert!(segments >= 5, "{segments} segments");
    assert!(quiet_allocating <= segments, "{quiet_allocating} allocating pushes for {segments} segments");
}
