//! Pushing chunks into a warmed-up `SpectralStream` (and `Mfcc::process_into` with grown
//! scratch) allocates nothing: a counting global allocator proves it.
//!
//! This file is its own test binary, so the allocator below only affects it.
// The workspace denies unsafe code; implementing `GlobalAlloc` is unsafe by definition. The
// impl only forwards to the system allocator and bumps a counter.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use resona_audio::spectral::{FnSink, Mfcc, MfccConfig, SpectralFrameRef, SpectralStream, StreamSpectralConfig};

/// Counts allocations made while `COUNTING` is set (on any thread; the test runs alone).
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

fn signal(n: usize) -> Vec<f32> {
    (0..n).map(|i| 0.3 * (i as f32 * 0.05).sin() + 0.01 * ((i * 7919 % 101) as f32 / 101.0 - 0.5)).collect()
}

fn count<R>(f: impl FnOnce() -> R) -> (R, usize) {
    ALLOCATIONS.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    let r = f();
    COUNTING.store(false, Ordering::SeqCst);
    (r, ALLOCATIONS.load(Ordering::SeqCst))
}

// One test function so no other test thread allocates while counting.
#[test]
fn steady_state_does_not_allocate() {
    let y = signal(16_000 * 3);
    let mut stream = SpectralStream::new(StreamSpectralConfig::default()).unwrap();
    let mut frames = 0usize;
    let mut checksum = 0.0f32;
    let mut sink = FnSink(|f: &SpectralFrameRef<'_>| {
        frames += 1;
        checksum += f.mfcc[1] + f.rms + f.flux;
    });
    // Warm-up: one second.
    stream.push(&y[..16_000], &mut sink).unwrap();
    let (emitted, allocs) = count(|| {
        let mut total = 0;
        for chunk in y[16_000..].chunks(317) {
            total += stream.push(chunk, &mut sink).unwrap();
        }
        total += stream.finish(&mut sink).unwrap();
        total
    });
    assert_eq!(allocs, 0, "pushing allocated {allocs} times");
    assert!(emitted > 190, "{emitted}");
    assert_eq!(frames, 301);
    assert!(checksum.is_finite());

    // Mfcc::process_into: allocation-free once its scratch has grown to this length.
    let mut mfcc = Mfcc::new(MfccConfig::default()).unwrap();
    let mut out = vec![0.0f32; mfcc.output_len(y.len())];
    mfcc.process_into(&y, &mut out).unwrap();
    let (n, allocs) = count(|| mfcc.process_into(&y[..y.len() / 2], &mut out).unwrap());
    assert_eq!(allocs, 0, "process_into allocated {allocs} times");
    assert_eq!(n, 1 + y.len() / 2 / 160);
}
