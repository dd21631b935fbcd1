//! Trains resona-text's bundled emotion model on GoEmotions-Ekman.
//!
//! ```text
//! cargo run --release -p resona-examples --bin train-text-emotion -- \
//!     /work/shared/data/goemotions/ekman resona-text/models/emotion-ekman.rsem
//! ```
//!
//! Reads `train.tsv` and `dev.tsv` (`text<TAB>comma-separated label ids<TAB>id`, ids in the
//! order of `labels.txt`: anger disgust fear joy neutral sadness surprise) and writes the model
//! in resona-text's format (`resona_text::emotion::model`). Deterministic: no randomness, the
//! same data and options give the same bytes.
//!
//! 1. Features: `FeatureKinds::extract` from resona-text (the tokenizer inference uses),
//!    vocabulary = features in at least `--min-df` training messages, the `--max-features`
//!    most frequent (ties broken by the string), smooth idf `ln((1 + N) / (1 + df)) + 1`.
//! 2. Model: multinomial logistic regression with L2, full-batch L-BFGS. A message with k
//!    labels counts once for each, with weight 1/k; each class is weighted by
//!    `(N / (7 * n_class))^--class-power` so the rare classes (disgust, fear) are not ignored.
//! 3. Selection on dev: each `--l2` value is trained and the one with the best dev macro-F1 is
//!    kept; then per-class bias offsets are tuned on dev for macro-F1 (coordinate ascent over a
//!    fixed grid). Dev is therefore used for selection and its numbers are optimistic by a
//!    little; there is no separate test use here.
//! 4. The written file is loaded back through `EmotionClassifier::from_model_bytes` and dev is
//!    scored through `EmotionClassifier::logits`, so the printed numbers are those of the
//!    quantised model that ships. Dev's gold label is a message's first listed label.
//!
//! Options, with the defaults that produced the bundled model (chosen on dev; the search is
//! recorded in `resona-text/models/README.md`): `--min-df N` (3), `--max-features K`
//! (150000), `--chars MIN-MAX` (2-5; `0-0` for none), `--no-bigrams`, `--l2 a,b,c` (2e-5),
//! `--class-power p` (0.25), `--iters N` (300), `--no-bias-tuning`.

// A command-line program: progress and results go to stderr.
#![allow(clippy::print_stderr)]

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Instant;

use resona_examples::goemotions::{Doc, K, read_split, score};
use resona_text::emotion::{EmotionClassifier, EmotionConfig, FeatureKinds, ModelData, features};

const NAMES: [&str; K] = ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"];

type Res<T> = Result<T, String>;

struct Options {
    min_df: usize,
    max_features: usize,
    kinds: FeatureKinds,
    l2: Vec<f64>,
    class_power: f64,
    iters: usize,
    tune_bias: bool,
    /// Hold out every `holdout`-th training message for selection (0: select on dev).
    holdout: usize,
    /// NB log-count-ratio weights to try in the ensemble (0 = logistic regression alone).
    nb: Vec<f64>,
    /// Smoothing of the NB log-count ratios.
    nb_alpha: f64,
}

fn parse_args(args: &[String]) -> Res<(String, String, Options)> {
    let mut pos = Vec::new();
    let mut o = Options {
        min_df: 3,
        max_features: 150_000,
        kinds: FeatureKinds { bigrams: true, char_min: 2, char_max: 5 },
        l2: vec![2e-5],
        class_power: 0.25,
        iters: 300,
        tune_bias: true,
        holdout: 0,
        nb: vec![0.0],
        nb_alpha: 1.0,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{a} needs a value"));
        let num = |s: String| s.parse::<f64>().map_err(|e| format!("{a} {s}: {e}"));
        match a.as_str() {
            "--min-df" => o.min_df = num(value()?)? as usize,
            "--max-features" => o.max_features = num(value()?)? as usize,
            "--class-power" => o.class_power = num(value()?)?,
            "--iters" => o.iters = num(value()?)? as usize,
            "--no-bigrams" => o.kinds.bigrams = false,
            "--no-bias-tuning" => o.tune_bias = false,
            "--holdout" => o.holdout = num(value()?)? as usize,
            "--nb" => o.nb = value()?.split(',').map(|s| num(s.to_owned())).collect::<Res<_>>()?,
            "--nb-alpha" => o.nb_alpha = num(value()?)?,
            "--l2" => o.l2 = value()?.split(',').map(|s| num(s.to_owned())).collect::<Res<_>>()?,
            "--chars" => {
                let v = value()?;
                let (lo, hi) = v.split_once('-').ok_or(format!("--chars {v}: expected MIN-MAX"))?;
                o.kinds.char_min = num(lo.to_owned())? as u8;
                o.kinds.char_max = num(hi.to_owned())? as u8;
            }
            _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
            _ => pos.push(a.clone()),
        }
    }
    match <[String; 2]>::try_from(pos) {
        Ok([data, out]) => Ok((data, out, o)),
        Err(_) => Err("usage: train-text-emotion <goemotions/ekman dir> <out.rsem> [options]".to_owned()),
    }
}

/// Sparse rows of TF-IDF features.
struct Matrix {
    rows: Vec<Vec<(u32, f32)>>,
}

fn vectorize(docs: &[Doc], kinds: &FeatureKinds, index: &HashMap<String, u32>, idf: &[f32]) -> Matrix {
    let rows = docs
        .iter()
        .map(|d| {
            let f = kinds.extract(&d.text);
            features::tfidf(f.iter().map(String::as_str), |s| index.get(s).copied(), idf)
        })
        .collect();
    Matrix { rows }
}

fn build_vocab(docs: &[Doc], o: &Options) -> (Vec<String>, Vec<f32>) {
    let mut df: HashMap<String, usize> = HashMap::new();
    for d in docs {
        let mut f = o.kinds.extract(&d.text);
        f.sort_unstable();
        f.dedup();
        for s in f {
            *df.entry(s).or_insert(0) += 1;
        }
    }
    let mut kept: Vec<(String, usize)> = df.into_iter().filter(|(s, c)| *c >= o.min_df && s.len() <= 255).collect();
    kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    kept.truncate(o.max_features);
    let n = docs.len() as f64;
    let idf = kept.iter().map(|(_, c)| (((1.0 + n) / (1.0 + *c as f64)).ln() + 1.0) as f32).collect();
    (kept.into_iter().map(|(s, _)| s).collect(), idf)
}

/// Per-document target weights: 1/k for each of its k labels, times the class weight.
fn targets(docs: &[Doc], power: f64) -> Vec<[f64; K]> {
    let mut counts = [0f64; K];
    for d in docs {
        for &l in &d.labels {
            counts[l] += 1.0 / d.labels.len() as f64;
        }
    }
    let total: f64 = counts.iter().sum();
    let cw: Vec<f64> = counts.iter().map(|&c| (total / (K as f64 * c.max(1.0))).powf(power)).collect();
    docs.iter()
        .map(|d| {
            let mut t = [0f64; K];
            for &l in &d.labels {
                t[l] += cw[l] / d.labels.len() as f64;
            }
            t
        })
        .collect()
}

/// Weighted cross-entropy / total weight + l2/2 |W|², and its gradient. Parameters: W row-major
/// (feature, class), then the K biases (not regularised).
fn loss_grad(x: &Matrix, t: &[[f64; K]], l2: f64, p: &[f64], g: &mut [f64]) -> f64 {
    let nw = p.len() - K;
    g.iter_mut().for_each(|v| *v = 0.0);
    let total: f64 = t.iter().flatten().sum();
    let mut loss = 0.0;
    for (row, t) in x.rows.iter().zip(t) {
        let mut z = [0f64; K];
        z.copy_from_slice(&p[nw..]);
        for &(j, v) in row {
            let w = &p[j as usize * K..j as usize * K + K];
            for c in 0..K {
                z[c] += f64::from(v) * w[c];
            }
        }
        let m = z.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        let lse = m + z.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
        let s: f64 = t.iter().sum();
        let mut dz = [0f64; K];
        for c in 0..K {
            loss += t[c] * (lse - z[c]);
            dz[c] = (s * (z[c] - lse).exp() - t[c]) / total;
        }
        for &(j, v) in row {
            let gw = &mut g[j as usize * K..j as usize * K + K];
            for c in 0..K {
                gw[c] += f64::from(v) * dz[c];
            }
        }
        for c in 0..K {
            g[nw + c] += dz[c];
        }
    }
    let mut reg = 0.0;
    for (gi, pi) in g[..nw].iter_mut().zip(&p[..nw]) {
        *gi += l2 * pi;
        reg += pi * pi;
    }
    loss / total + 0.5 * l2 * reg
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// L-BFGS (memory 10) with backtracking Armijo line search.
fn lbfgs(n: usize, iters: usize, mut f: impl FnMut(&[f64], &mut [f64]) -> f64) -> Vec<f64> {
    let m = 10;
    let mut x = vec![0f64; n];
    let mut g = vec![0f64; n];
    let mut fx = f(&x, &mut g);
    let (mut ss, mut ys): (Vec<Vec<f64>>, Vec<Vec<f64>>) = (Vec::new(), Vec::new());
    let mut gn = vec![0f64; n];
    let mut xn = vec![0f64; n];
    for it in 0..iters {
        // Two-loop recursion: d = -H g.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(ss.len());
        for (s, y) in ss.iter().zip(&ys).rev() {
            let a = dot(s, &q) / dot(y, s);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= a * yi);
            alphas.push(a);
        }
        let gamma = match (ss.last(), ys.last()) {
            (Some(s), Some(y)) => dot(s, y) / dot(y, y),
            _ => 1.0 / dot(&g, &g).sqrt().max(1e-12),
        };
        q.iter_mut().for_each(|v| *v *= gamma);
        for ((s, y), a) in ss.iter().zip(&ys).zip(alphas.iter().rev()) {
            let b = dot(y, &q) / dot(y, s);
            q.iter_mut().zip(s).for_each(|(qi, si)| *qi += (a - b) * si);
        }
        let d: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dot(&g, &d);
        if slope >= 0.0 {
            ss.clear();
            ys.clear();
            continue;
        }
        let mut step = 1.0;
        let mut fnew = f64::INFINITY;
        for _ in 0..30 {
            xn.iter_mut().zip(&x).zip(&d).for_each(|((xn, x), d)| *xn = x + step * d);
            fnew = f(&xn, &mut gn);
            if fnew <= fx + 1e-4 * step * slope {
                break;
            }
            step *= 0.5;
        }
        if fnew >= fx {
            break;
        }
        let s: Vec<f64> = xn.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = gn.iter().zip(&g).map(|(a, b)| a - b).collect();
        if dot(&s, &y) > 1e-12 {
            if ss.len() == m {
                ss.remove(0);
                ys.remove(0);
            }
            ss.push(s);
            ys.push(y);
        }
        let rel = (fx - fnew) / fx.abs().max(1e-12);
        std::mem::swap(&mut x, &mut xn);
        std::mem::swap(&mut g, &mut gn);
        fx = fnew;
        if it % 50 == 0 {
            eprintln!("    iter {it:4}  loss {fx:.6}");
        }
        if rel < 1e-8 {
            break;
        }
    }
    x
}

fn predict(logits: &[[f32; K]], offsets: &[f32; K]) -> Vec<usize> {
    logits
        .iter()
        .map(|z| (0..K).fold(0, |best, c| if z[c] + offsets[c] > z[best] + offsets[best] { c } else { best }))
        .collect()
}

fn tune_offsets(logits: &[[f32; K]], docs: &[Doc]) -> [f32; K] {
    let mut off = [0f32; K];
    let mut best = score(&predict(logits, &off), docs).0;
    for _pass in 0..3 {
        for c in 0..K {
            let mut best_v = off[c];
            for step in -40..=40 {
                let v = step as f32 * 0.05;
                let mut trial = off;
                trial[c] = v;
                let m = score(&predict(logits, &trial), docs).0;
                if m > best + 1e-12 || ((m - best).abs() <= 1e-12 && v.abs() < best_v.abs()) {
                    best = m;
                    best_v = v;
                }
            }
            off[c] = best_v;
        }
    }
    off
}

fn dense_logits(x: &Matrix, p: &[f64]) -> Vec<[f32; K]> {
    let nw = p.len() - K;
    x.rows
        .iter()
        .map(|row| {
            let mut z = [0f32; K];
            for c in 0..K {
                z[c] = p[nw + c] as f32;
            }
            for &(j, v) in row {
                for c in 0..K {
                    z[c] += v * p[j as usize * K + c] as f32;
                }
            }
            z
        })
        .collect()
}

/// One-vs-rest NB log-count ratios (Wang & Manning 2012, "Baselines and bigrams"), one row
/// of K per feature: `r[f][c] = ln(p_c[f] / |p_c|) - ln(q_c[f] / |q_c|)` with `p_c = alpha +`
/// the summed TF-IDF vectors of messages labelled c (weight 1/k for k labels) and `q_c` the
/// same over the other messages. `Σ_f x_f r[f][c]` is then a linear NB score for class c,
/// which the ensemble adds to the logistic regression's logits (still one linear model).
fn nb_ratios(x: &Matrix, docs: &[Doc], n_features: usize, alpha: f64) -> Vec<[f64; K]> {
    let mut pos = vec![[alpha; K]; n_features];
    let mut neg = vec![[alpha; K]; n_features];
    for (row, d) in x.rows.iter().zip(docs) {
        let mut share = [0f64; K];
        for &l in &d.labels {
            share[l] += 1.0 / d.labels.len() as f64;
        }
        for &(j, v) in row {
            for c in 0..K {
                pos[j as usize][c] += share[c] * f64::from(v);
                neg[j as usize][c] += (1.0 - share[c]) * f64::from(v);
            }
        }
    }
    let mut ps = [0f64; K];
    let mut ns = [0f64; K];
    for (p, n) in pos.iter().zip(&neg) {
        for c in 0..K {
            ps[c] += p[c];
            ns[c] += n[c];
        }
    }
    pos.iter().zip(&neg).map(|(p, n)| std::array::from_fn(|c| (p[c] / ps[c]).ln() - (n[c] / ns[c]).ln())).collect()
}

/// Logistic regression parameters plus `gamma` times the NB ratios, as one weight table.
fn combine(p: &[f64], r: &[[f64; K]], gamma: f64) -> Vec<f64> {
    let nw = p.len() - K;
    let mut out = p.to_vec();
    for (j, rj) in r.iter().enumerate() {
        for c in 0..K {
            out[j * K + c] += gamma * rj[c];
        }
    }
    debug_assert_eq!(nw, r.len() * K);
    out
}

/// Chooses L2, the NB weight and the bias offsets on the held-out part of train (every
/// `o.holdout`-th message), training on the rest; returns (l2, gamma, offsets).
fn select_on_holdout(train: &[Doc], x: &Matrix, n_features: usize, o: &Options) -> (f64, f64, [f32; K]) {
    let (mut fit, mut hold): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for i in 0..train.len() {
        if i % o.holdout == o.holdout - 1 { hold.push(i) } else { fit.push(i) }
    }
    let take = |ix: &[usize]| Matrix { rows: ix.iter().map(|&i| x.rows[i].clone()).collect() };
    let docs = |ix: &[usize]| {
        ix.iter().map(|&i| Doc { text: String::new(), labels: train[i].labels.clone() }).collect::<Vec<_>>()
    };
    let (xf, xh, df, dh) = (take(&fit), take(&hold), docs(&fit), docs(&hold));
    eprintln!("selection: fit on {} training messages, hold out {}", fit.len(), hold.len());
    let t = targets(&df, o.class_power);
    let r = nb_ratios(&xf, &df, n_features, o.nb_alpha);
    let n = n_features * K + K;
    let mut best = (f64::NEG_INFINITY, 0.0, 0.0, [0f32; K]);
    for &l2 in &o.l2 {
        let p = lbfgs(n, o.iters, |p, g| loss_grad(&xf, &t, l2, p, g));
        for &gamma in &o.nb {
            let logits = dense_logits(&xh, &combine(&p, &r, gamma));
            let raw = score(&predict(&logits, &[0.0; K]), &dh);
            let off = if o.tune_bias { tune_offsets(&logits, &dh) } else { [0.0; K] };
            let (mf1, acc, _) = score(&predict(&logits, &off), &dh);
            eprintln!(
                "  holdout l2 {l2:e} nb {gamma}: macro-F1 {mf1:.4} (raw {:.4}), accuracy {acc:.4}, offsets {off:?}",
                raw.0
            );
            if mf1 > best.0 {
                best = (mf1, l2, gamma, off);
            }
        }
    }
    (best.1, best.2, best.3)
}

fn run(args: &[String]) -> Res<()> {
    let start = Instant::now();
    let (dir, out, o) = parse_args(args)?;
    let train = read_split(&dir, "train")?;
    let dev = read_split(&dir, "dev")?;
    eprintln!("train {} messages, dev {}", train.len(), dev.len());
    let (vocab, idf) = build_vocab(&train, &o);
    let index: HashMap<String, u32> = vocab.iter().enumerate().map(|(i, s)| (s.clone(), i as u32)).collect();
    eprintln!("vocabulary {} features ({:?})", vocab.len(), o.kinds);
    let xt = vectorize(&train, &o.kinds, &index, &idf);
    let xd = vectorize(&dev, &o.kinds, &index, &idf);
    let t = targets(&train, o.class_power);
    let n = vocab.len() * K + K;
    let (p, l2, off) = if o.holdout > 1 {
        // Everything is chosen on a held-out part of train; dev is scored once, at the end.
        let (l2, gamma, off) = select_on_holdout(&train, &xt, vocab.len(), &o);
        eprintln!("chosen on the holdout: l2 {l2:e}, nb {gamma}; training on all of train");
        let p = lbfgs(n, o.iters, |p, g| loss_grad(&xt, &t, l2, p, g));
        let p = combine(&p, &nb_ratios(&xt, &train, vocab.len(), o.nb_alpha), gamma);
        (p, l2, off)
    } else {
        let mut best: Option<(f64, f64, Vec<f64>)> = None;
        for &l2 in &o.l2 {
            let p = lbfgs(n, o.iters, |p, g| loss_grad(&xt, &t, l2, p, g));
            let (mf1, acc, _) = score(&predict(&dense_logits(&xd, &p), &[0.0; K]), &dev);
            eprintln!("l2 {l2:e}: dev macro-F1 {mf1:.4}, accuracy {acc:.4} ({:.0?})", start.elapsed());
            if best.as_ref().is_none_or(|b| mf1 > b.0) {
                best = Some((mf1, l2, p));
            }
        }
        let (_, l2, p) = best.ok_or("no --l2 value given")?;
        let logits = dense_logits(&xd, &p);
        let off = if o.tune_bias { tune_offsets(&logits, &dev) } else { [0.0; K] };
        (p, l2, off)
    };
    eprintln!("chosen l2 {l2:e}; bias offsets {off:?}");
    let (raw_f1, raw_acc, _) = score(&predict(&dense_logits(&xd, &p), &[0.0; K]), &dev);
    eprintln!("dev before the offsets (reported, not used): macro-F1 {raw_f1:.4}, accuracy {raw_acc:.4}");
    let nw = vocab.len() * K;
    let model = ModelData {
        kinds: o.kinds,
        features: vocab,
        idf,
        weights: p[..nw].chunks_exact(K).map(|w| std::array::from_fn(|c| w[c] as f32)).collect(),
        bias: std::array::from_fn(|c| p[nw + c] as f32 + off[c]),
    };
    let bytes = model.to_bytes().map_err(|e| e.to_string())?;
    std::fs::write(&out, &bytes).map_err(|e| format!("{out}: {e}"))?;

    // Score dev through the shipped inference path, on the bytes just written.
    let clf = EmotionClassifier::from_model_bytes(&bytes, EmotionConfig::default()).map_err(|e| e.to_string())?;
    let shipped: Vec<[f32; K]> =
        dev.iter().map(|d| clf.logits(&d.text)).collect::<Result<_, _>>().map_err(|e| e.to_string())?;
    let pred = predict(&shipped, &[0.0; K]);
    let (mf1, acc, f1) = score(&pred, &dev);
    let any = pred.iter().zip(&dev).filter(|(p, d)| d.labels.contains(p)).count() as f64 / dev.len() as f64;
    eprintln!("\nwrote {out}: {} bytes, {} features, l2 {l2:e}", bytes.len(), model.features.len());
    eprintln!(
        "dev (first label as gold): macro-F1 {mf1:.4}, accuracy {acc:.4}; accuracy counting any gold label {any:.4}"
    );
    for c in 0..K {
        eprintln!("  {:<9} F1 {:.4}", NAMES[c], f1[c]);
    }
    eprintln!("total time {:.1?}", start.elapsed());
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    resona_examples::exit_code(run(&args))
}
