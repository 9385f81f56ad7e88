"""Understanding customers' messages: quality on the held-out set and the cost of a reading.

Run with `make bench-intents`, or `python benchmarks/intents.py [--model PATH]`.

1. Intent on `corpus/heldout.jsonl` — messages written apart from the training corpus, in
   other words and styles, never trained on: macro-F1, precision and recall per intent, the
   confusion matrix, and how many a person would be asked to decide (below the threshold).
2. Sentiment (exact, and within one step) and urgency (accuracy, precision, recall) on the
   same messages.
3. Latency of `read_message` per message on one core (BLAS threads pinned to 1): p50, p99
   and the worst, over the held-out messages repeated, plus a 100 kB pasted log.
"""

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

# One core: numpy's BLAS must not spread a reading over threads.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halte.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from halte.understanding.corpus import heldout_examples  # noqa: E402
from halte.understanding.intents import Intent  # noqa: E402
from halte.understanding.reading import read_message  # noqa: E402

SHORT = {intent: intent[:6] for intent in Intent.values}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a model file instead of HALTE_UNDERSTANDING_MODEL")
    parser.add_argument("--rounds", type=int, default=20, help="latency: passes over the set")
    parser.add_argument("--errors", action="store_true", help="list every misread message")
    arguments = parser.parse_args()
    if arguments.model:
        settings.HALTE_UNDERSTANDING_MODEL = arguments.model
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    examples = heldout_examples()
    read = [(example, read_message(example.text)) for example in examples]
    intents = list(Intent.values)
    pairs = [(example.intent, reading.intent) for example, reading in read]

    most = Counter(expected for expected, _ in pairs).most_common(1)[0][1]
    print(f"held-out messages: {len(examples)} (at most {most} per intent)")
    print(f"\n{'intent':<24} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>4}")
    f1s = []
    for intent in intents:
        tp = sum(1 for expected, got in pairs if expected == got == intent)
        predicted = sum(1 for _, got in pairs if got == intent)
        actual = sum(1 for expected, _ in pairs if expected == intent)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        print(f"{intent:<24} {precision:>9.2f} {recall:>7.2f} {f1:>6.2f} {actual:>4}")
    accuracy = sum(expected == got for expected, got in pairs) / len(pairs)
    print(f"\nmacro-F1 {statistics.mean(f1s):.4f}   accuracy {accuracy:.4f}")
    threshold = settings.HALTE_UNDERSTANDING_MIN_CONFIDENCE
    asked = [(e, r) for e, r in read if r.needs_person]
    sure = [(e, r) for e, r in read if not r.needs_person]
    sure_right = sum(e.intent == r.intent for e, r in sure) / len(sure) if sure else 0.0
    print(
        f"left to a person (confidence < {threshold}): {len(asked)} of {len(examples)}; "
        f"accuracy of the rest {sure_right:.3f}"
    )

    print("\nconfusion (rows: written as, columns: read as)")
    print(" " * 24 + " ".join(f"{SHORT[i]:>6}" for i in intents))
    for expected in intents:
        row = Counter(got for e, got in pairs if e == expected)
        print(f"{expected:<24}" + " ".join(f"{row[got] or '.':>6}" for got in intents))

    feelings = [(e.sentiment, r.sentiment) for e, r in read if e.sentiment is not None]
    exact = sum(a == b for a, b in feelings) / len(feelings)
    near = sum(abs(a - b) <= 1 for a, b in feelings) / len(feelings)
    print(f"\nsentiment: exact {exact:.3f}, within one step {near:.3f} ({len(feelings)} messages)")
    urgency = [(bool(e.urgent), r.urgent) for e, r in read if e.urgent is not None]
    urgent_right = sum(a == b for a, b in urgency) / len(urgency)
    tp = sum(a and b for a, b in urgency)
    said = sum(b for _, b in urgency)
    were = sum(a for a, _ in urgency)
    print(
        f"urgency: accuracy {urgent_right:.3f}, precision {tp / said if said else 0:.2f}, "
        f"recall {tp / were if were else 0:.2f} ({were} urgent of {len(urgency)})"
    )

    if arguments.errors:
        print("\nmisread:")
        for example, reading in read:
            if example.intent != reading.intent:
                text = example.text[:110]
                print(
                    f"  {example.intent} -> {reading.intent} ({reading.confidence:.2f}): {text!r}"
                )

    texts = [example.text for example in examples]
    # Wall time includes waiting for the core when the machine is shared; the thread's CPU
    # time is what a reading costs. Both are printed.
    walls, cpus = [], []
    for _ in range(arguments.rounds):
        for text in texts:
            wall, cpu = time.perf_counter(), time.thread_time()
            read_message(text)
            cpus.append(time.thread_time() - cpu)
            walls.append(time.perf_counter() - wall)
    log = "Mijn pakket is kapot aangekomen, zie de log:\n" + "".join(
        f"2024-03-24 16:{i % 60:02d}:01 worker {i} died: timeout\n" for i in range(3000)
    )
    wall, cpu = time.perf_counter(), time.thread_time()
    for _ in range(20):
        read_message(log)
    log_wall = (time.perf_counter() - wall) / 20 * 1000
    log_cpu = (time.thread_time() - cpu) / 20 * 1000
    print(
        f"\nlatency per message, one core ({len(walls)} readings; load {os.getloadavg()[0]:.1f}):"
    )
    for name, timings in (("wall", walls), ("cpu", cpus)):
        timings.sort()
        p50 = timings[len(timings) // 2] * 1000
        p99 = timings[int(len(timings) * 0.99)] * 1000
        print(f"  {name:<4} p50 {p50:.2f} ms, p99 {p99:.2f} ms, worst {timings[-1] * 1000:.2f} ms")
    print(f"  {len(log) // 1000} kB pasted log: wall {log_wall:.2f} ms, cpu {log_cpu:.2f} ms")


if __name__ == "__main__":
    main()
