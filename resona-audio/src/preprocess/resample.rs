//! Sample-rate conversion with rubato's FFT-based synchronous resampler.
//!
//! Both the whole-buffer [`Resampler`] and the chunked [`StreamResampler`] drive the same core:
//! the input is cut into fixed blocks of `fft_size_in` frames (rubato's `FixedSync::Both` with
//! one FFT block per call), each block is resampled to `fft_size_out` frames, the first
//! `output_delay` output frames (rubato's filter delay, half an output block) are dropped, and
//! at the end the last partial block is zero-padded and zeros are pumped through until the
//! output has exactly [`Resampler::output_len`] frames. Because the blocks do not depend on how
//! the input was chunked, a stream's output is bit-identical to the whole-buffer output.
//!
//! Latency of the stream: one input block plus the filter delay. The block holds at least
//! 1,024 input and 512 output frames (rounded up to a multiple of the smallest block the rate
//! pair allows, `rate / gcd(from, to)`), so 44.1 kHz -> 16 kHz uses blocks of 1,764 -> 640
//! frames. Rate pairs with a tiny GCD (e.g. 44,101 Hz) need blocks of a whole second.

use audioadapter_buffers::direct::InterleavedSlice;
use resona_core::{ConfigError, Error, InputError, Result, SampleRate};
use rubato::{Fft, FixedSync, Resampler as _};

/// Smallest input block the resampler uses, in frames: bigger blocks move the anti-aliasing
/// cutoff closer to Nyquist (rubato's `calculate_cutoff` depends on the block length).
const MIN_BLOCK_IN: usize = 1024;
/// Smallest output block, in frames, for the same reason on the output side.
const MIN_BLOCK_OUT: usize = 512;

/// `ceil(n_in * to / from)`, the number of output frames for `n_in` input frames.
fn output_len_for(n_in: usize, from: u32, to: u32) -> usize {
    let num = (n_in as u128) * u128::from(to);
    let den = u128::from(from);
    usize::try_from(num.div_ceil(den)).unwrap_or(usize::MAX)
}

fn gcd(mut a: usize, mut b: usize) -> usize {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The shared block-processing engine.
#[derive(Debug)]
struct Core {
    from: u32,
    to: u32,
    /// `None` when both rates are equal: the samples are copied.
    fft: Option<Fft<f32>>,
    block_in: usize,
    block_out: usize,
    delay: usize,
    in_buf: Vec<f32>,
    in_fill: usize,
    out_buf: Vec<f32>,
    to_skip: usize,
    consumed: usize,
    produced: usize,
}

impl Core {
    fn new(from: SampleRate, to: SampleRate) -> Result<Self> {
        let (f, t) = (from.get(), to.get());
        if f == t {
            return Ok(Self {
                from: f,
                to: t,
                fft: None,
                block_in: 0,
                block_out: 0,
                delay: 0,
                in_buf: Vec::new(),
                in_fill: 0,
                out_buf: Vec::new(),
                to_skip: 0,
                consumed: 0,
                produced: 0,
            });
        }
        let (fu, tu) = (f as usize, t as usize);
        let g = gcd(fu, tu);
        let (min_in, min_out) = (fu / g, tu / g);
        let units = MIN_BLOCK_IN.div_ceil(min_in).max(MIN_BLOCK_OUT.div_ceil(min_out)).max(1);
        let chunk = units * min_in;
        let fft = Fft::<f32>::new(fu, tu, chunk, 1, FixedSync::Both).map_err(|e| {
            Error::from(ConfigError::InvalidParameter {
                name: "sample_rate",
                value: format!("{f} -> {t} ({e})"),
                rule: "rubato must accept the rate pair",
            })
        })?;
        let block_in = fft.input_frames_next();
        let block_out = fft.output_frames_next();
        let delay = fft.output_delay();
        Ok(Self {
            from: f,
            to: t,
            fft: Some(fft),
            block_in,
            block_out,
            delay,
            in_buf: vec![0.0; block_in],
            in_fill: 0,
            out_buf: vec![0.0; block_out],
            to_skip: delay,
            consumed: 0,
            produced: 0,
        })
    }

    fn reset(&mut self) {
        if let Some(fft) = self.fft.as_mut() {
            fft.reset();
        }
        self.in_fill = 0;
        self.to_skip = self.delay;
        self.consumed = 0;
        self.produced = 0;
    }

    /// Resamples the full input block and hands the kept output frames (at most `cap`) to `sink`.
    fn run_block(&mut self, cap: usize, sink: &mut impl FnMut(&[f32]) -> Result<()>) -> Result<()> {
        let Some(fft) = self.fft.as_mut() else { return Ok(()) };
        let (bi, bo) = (self.block_in, self.block_out);
        let block_err =
            || Error::from(InputError::LengthMismatch { what: "resampler block", expected: bi, received: bo });
        let input = InterleavedSlice::new(&self.in_buf[..], 1, bi).map_err(|_| block_err())?;
        let mut output = InterleavedSlice::new_mut(&mut self.out_buf[..], 1, bo).map_err(|_| block_err())?;
        fft.process_into_buffer(&input, &mut output, None).map_err(|_| block_err())?;
        let skip = self.to_skip.min(self.block_out);
        self.to_skip -= skip;
        let keep = (self.block_out - skip).min(cap);
        self.in_fill = 0;
        if keep > 0 {
            self.produced += keep;
            sink(&self.out_buf[skip..skip + keep])?;
        }
        Ok(())
    }

    fn push(&mut self, mut chunk: &[f32], sink: &mut impl FnMut(&[f32]) -> Result<()>) -> Result<()> {
        InputError::check_finite("resampler input", chunk)?;
        self.consumed = self.consumed.saturating_add(chunk.len());
        if self.fft.is_none() {
            self.produced += chunk.len();
            return sink(chunk);
        }
        while !chunk.is_empty() {
            let take = (self.block_in - self.in_fill).min(chunk.len());
            self.in_buf[self.in_fill..self.in_fill + take].copy_from_slice(&chunk[..take]);
            self.in_fill += take;
            chunk = &chunk[take..];
            if self.in_fill == self.block_in {
                self.run_block(usize::MAX, sink)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, sink: &mut impl FnMut(&[f32]) -> Result<()>) -> Result<()> {
        if self.fft.is_some() {
            let expected = output_len_for(self.consumed, self.from, self.to);
            while self.produced < expected {
                self.in_buf[self.in_fill..].fill(0.0);
                self.in_fill = self.block_in;
                let cap = expected - self.produced;
                self.run_block(cap, sink)?;
            }
        }
        self.reset();
        Ok(())
    }
}

/// Whole-buffer sample-rate conversion with a plan built once.
///
/// The output of `n` input samples always has [`Resampler::output_len`]`(n)` =
/// `ceil(n * to / from)` samples, aligned with the input (rubato's filter delay is removed).
/// Equal rates copy the input. Each call starts from a clean state, so results do not depend
/// on earlier calls.
#[derive(Debug)]
pub struct Resampler {
    core: Core,
}

impl Resampler {
    /// Plans conversion from `from` to `to`.
    pub fn new(from: SampleRate, to: SampleRate) -> Result<Self> {
        Ok(Self { core: Core::new(from, to)? })
    }

    /// Input rate.
    #[must_use]
    pub fn from_rate(&self) -> SampleRate {
        SampleRate::new(self.core.from).unwrap_or(SampleRate::HZ_16000)
    }

    /// Output rate.
    #[must_use]
    pub fn to_rate(&self) -> SampleRate {
        SampleRate::new(self.core.to).unwrap_or(SampleRate::HZ_16000)
    }

    /// Output length for `n_in` input samples: `ceil(n_in * to / from)`.
    #[must_use]
    pub fn output_len(&self, n_in: usize) -> usize {
        output_len_for(n_in, self.core.from, self.core.to)
    }

    /// Resamples `input` into a new buffer of [`Resampler::output_len`] samples.
    ///
    /// Errors: [`InputError::NonFinite`] for NaN or infinite samples. Empty input gives empty
    /// output.
    pub fn process(&mut self, input: &[f32]) -> Result<Vec<f32>> {
        let mut out = vec![0.0; self.output_len(input.len())];
        let n = self.process_into(input, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// Resamples `input` into `out`, which must hold at least [`Resampler::output_len`]
    /// samples, and returns how many were written. Allocates nothing.
    pub fn process_into(&mut self, input: &[f32], out: &mut [f32]) -> Result<usize> {
        let need = self.output_len(input.len());
        if out.len() < need {
            return Err(
                InputError::BufferTooShort { what: "resampler output", expected: need, received: out.len() }.into()
            );
        }
        self.core.reset();
        let mut pos = 0usize;
        let mut sink = |s: &[f32]| -> Result<()> {
            let end = pos + s.len();
            let dst = out.get_mut(pos..end).ok_or(InputError::BufferTooShort {
                what: "resampler output",
                expected: end,
                received: need,
            })?;
            dst.copy_from_slice(s);
            pos = end;
            Ok(())
        };
        let r = self.core.push(input, &mut sink).and_then(|()| self.core.finish(&mut sink));
        if r.is_err() {
            self.core.reset();
        }
        r?;
        Ok(pos)
    }
}

/// Chunked sample-rate conversion whose total output equals [`Resampler::process`] on the
/// concatenated input, for any chunking.
///
/// Steady state allocates nothing: [`StreamResampler::push`] only appends to `out`, which does
/// not reallocate when it has the capacity (at most [`StreamResampler::max_output_per_push`]
/// for a chunk of `n` samples).
#[derive(Debug)]
pub struct StreamResampler {
    core: Core,
}

impl StreamResampler {
    /// Plans streaming conversion from `from` to `to`.
    pub fn new(from: SampleRate, to: SampleRate) -> Result<Self> {
        Ok(Self { core: Core::new(from, to)? })
    }

    /// Most samples one [`StreamResampler::push`] of `n` input samples can append (use it to
    /// reserve `out`'s capacity up front).
    #[must_use]
    pub fn max_output_per_push(&self, n: usize) -> usize {
        if self.core.fft.is_none() {
            return n;
        }
        (n / self.core.block_in.max(1) + 1).saturating_mul(self.core.block_out)
    }

    /// Stream latency in input samples: one block of buffered input (0 for equal rates). The
    /// filter delay is compensated, so it adds no misalignment, only waiting.
    #[must_use]
    pub fn latency_in(&self) -> usize {
        self.core.block_in
    }

    /// Appends the output samples that `chunk` completes to `out`.
    ///
    /// Errors: [`InputError::NonFinite`] for NaN or infinite samples (the stream is unchanged).
    pub fn push(&mut self, chunk: &[f32], out: &mut Vec<f32>) -> Result<()> {
        self.core.push(chunk, &mut |s: &[f32]| {
            out.extend_from_slice(s);
            Ok(())
        })
    }

    /// Flushes the tail so that the total output has `ceil(n_in * to / from)` samples, then
    /// resets the stream for reuse.
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<()> {
        self.core.finish(&mut |s: &[f32]| {
            out.extend_from_slice(s);
            Ok(())
        })
    }

    /// Forgets buffered input and starts a new stream.
    pub fn reset(&mut self) {
        self.core.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sr(hz: u32) -> SampleRate {
        SampleRate::new(hz).unwrap()
    }

    #[test]
    fn length_rule_and_copy() {
        let mut r = Resampler::new(sr(16_000), sr(16_000)).unwrap();
        assert_eq!(r.process(&[0.1, 0.2]).unwrap(), vec![0.1, 0.2]);
        let mut r = Resampler::new(sr(44_100), sr(16_000)).unwrap();
        for n in [0usize, 1, 2, 441, 1000, 1764, 1765, 5000] {
            assert_eq!(r.process(&vec![0.0; n]).unwrap().len(), (n * 16_000).div_ceil(44_100));
        }
    }

    #[test]
    fn short_output_buffer_is_an_error() {
        let mut r = Resampler::new(sr(8_000), sr(16_000)).unwrap();
        let mut out = [0.0; 3];
        assert_eq!(r.process_into(&[0.0; 2], &mut out).unwrap_err().code(), "buffer_too_short");
    }
}
