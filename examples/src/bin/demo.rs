//! Resona's main demo: one session through the streaming Engine, on the bundled models and
//! the sample data in this repository (no downloads).
//!
//! The session: a face seen by the camera (the public-domain Solvay crops in
//! `examples/data/faces`, pasted into 640x480 frames at 30 FPS), speech at 16 kHz (the
//! espeak-ng sentences of resona-audio's golden inputs, pushed in 20 ms chunks), and chat
//! messages that start calm and end in a crisis. It prints what the Engine reads at each
//! message, the session summary, and the prompt fragment a host would give its own LLM.
//!
//! ```sh
//! cargo run -p resona-examples --bin demo [-- --backend onnxruntime]
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use resona::{AudioView, Engine, EngineConfig, ImageView, PixelFormat, TimestampMs};
use resona_examples::{backend_from_args, decode, exit_code, image_files};
use std::path::Path;
use std::process::ExitCode;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn main() -> ExitCode {
    exit_code(run())
}

/// A 640x480 RGB frame with the face crop (gray) pasted at 240 px in the middle.
fn frame(face: &Path) -> Result<Vec<u8>, String> {
    let d = decode(face)?;
    let view = d.view().map_err(|e| e.to_string())?;
    let (w, h) = (view.width() as usize, view.height() as usize);
    let gray = view.to_gray();
    let mut canvas = vec![90u8; 640 * 480 * 3];
    let size = 240;
    for y in 0..size {
        for x in 0..size {
            let (sx, sy) = (x * w / size, y * h / size);
            let v = gray[sy * w + sx];
            let o = ((120 + y) * 640 + 200 + x) * 3;
            canvas[o..o + 3].copy_from_slice(&[v, v, v]);
        }
    }
    Ok(canvas)
}

fn speech(name: &str) -> Result<Vec<i16>, String> {
    let path = Path::new(ROOT).join("../resona-audio/tests/data/golden/inputs").join(format!("{name}.pcm16"));
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect())
}

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let backend = backend_from_args(&mut args)?;
    let err = |e: resona::Error| e.to_string();
    let engine = Engine::new(EngineConfig::default().with_backend(backend)).map_err(err)?;
    println!("Resona demo: one session through the Engine ({backend} backend)\n");

    let faces = image_files(&Path::new(ROOT).join("data/faces"))?;
    let frames: Vec<Vec<u8>> = faces.iter().take(2).map(|f| frame(f)).collect::<Result<_, _>>()?;
    let voice = [speech("espeak_en")?, speech("espeak_sw")?].concat();
    let messages = [
        (2_000, "Morning! Had a nice walk before work"),
        (6_000, "Niko sawa, it's nothing, ni stress tu ya kazi"),
        (9_000, "Oh great, another meeting. My boss yelled again"),
        (12_000, "I'm exhausted and alone, I can't go on like this"),
        (14_000, "nimechoka na maisha, I want to end it all"),
    ];
    println!(
        "{:>7}  {:<52} {:>10} {:>6} {:>7} {:>8}  weights face/voice/text",
        "t (ms)", "message", "label", "stress", "hidden", "crisis"
    );

    let (mut t_audio, mut t_frame, mut next_message) = (0i64, 0i64, 0);
    let mut voice_segments = 0;
    for chunk in voice.chunks(320).cycle().take(15_000 / 20) {
        let view = AudioView::from_i16(chunk, 16_000, 1).map_err(|e| e.to_string())?;
        voice_segments += engine.push_audio(&view, TimestampMs(t_audio)).map_err(err)?.len();
        t_audio += 20;
        while t_frame < t_audio {
            let rgb = &frames[(t_frame / 5_000) as usize % frames.len()];
            let view = ImageView::packed(rgb, 640, 480, PixelFormat::Rgb8).map_err(|e| e.to_string())?;
            engine.push_frame(&view, TimestampMs(t_frame)).map_err(err)?;
            t_frame += 33;
        }
        if let Some(&(t, text)) = messages.get(next_message)
            && t_audio >= t
        {
            engine.push_text(text, TimestampMs(t)).map_err(err)?;
            next_message += 1;
            if let Some(s) = engine.state() {
                let w: Vec<String> = s.fused.contributions.iter().map(|c| format!("{:.2}", c.weight)).collect();
                println!(
                    "{:>7}  {:<52} {:>10} {:>6.1} {:>7.2} {:>8}  {}",
                    t,
                    text,
                    s.smoothed.label.as_str(),
                    s.stress.score,
                    s.dissonance.score,
                    s.crisis,
                    w.join("/")
                );
            }
        }
    }
    let state = engine.state().ok_or("no state")?;
    println!("\nvoice segments classified: {voice_segments}; frames analysed: {}", t_frame / 33);
    for flag in &state.dissonance.flags {
        println!("hidden stress: {}", flag.explanation);
    }
    println!("\nguidance for the host's chat model:\n  {}", state.guidance.prompt_fragment());
    let summary = engine.end_session(TimestampMs(15_000)).map_err(err)?;
    println!(
        "\nsession summary: dominant {}, average stress {:.1}, peak {:.1} at {} ms, {} risk event(s), crisis: {}",
        summary.dominant_emotion.as_str(),
        summary.average_stress,
        summary.peak_stress,
        summary.peak_stress_at.0,
        summary.risk_events.len(),
        summary.crisis
    );
    Ok(())
}
