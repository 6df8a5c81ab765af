"""Growth: the steady mix on the default data set and on one 5 times larger, and each key page's p95 ratio.

    python -m tools.benchmarks.growth        (make bench-growth)

Runs `tools.benchmarks.load` with BENCH_ONLY=mix (migrate, seed when missing, sign in, gunicorn, 10 s unrecorded,
then the steady mix) once per data set and round: at 1× on `empowerment_bench` and at BENCH_GROWTH_SCALE× (default
5: 100 clinics, 2,000 therapists, 100,000 clients) on `empowerment_bench_x5`, each seeded by the first run that
needs it. The rounds alternate the order (1×, 5×, then 5×, 1×, ...) so a drift of the machine's speed does not
fall on one data set; each page's p95 is the median of its rounds' p95s. Then prints, per key page, the p95 at
both sizes and the ratio against the target (p95 at 5× at most 1.25 × p95 at 1×).

Settings by environment: BENCH_GROWTH_SCALE (default 5), BENCH_GROWTH_ROUNDS (default 2), and the ones of
tools/benchmarks/load.py (BENCH_SECONDS, BENCH_RATE, BENCH_REDIS_URL); BENCH_DATABASE_URL is not used here (each size
has its own database, named by load.py).
"""

import json
import os
import statistics
import subprocess  # nosec B404
import sys
import time

from tools.benchmarks.load import BASE_DIR, KEY_PAGES, OUT_DIR, P95_TARGET_MS

SCALE = os.environ.get("BENCH_GROWTH_SCALE", "5")
ROUNDS = int(os.environ.get("BENCH_GROWTH_ROUNDS", "2"))
RATIO_TARGET = 1.25


def say(text):
    print(text, flush=True)


def mix_at(scale, round_number):
    results = OUT_DIR / f"growth-x{scale}-round{round_number}.json"
    env = {key: value for key, value in os.environ.items() if key not in ("BENCH_DATABASE_URL", "BENCH_ALONE_ONLY")}
    env.update(BENCH_SCALE=scale, BENCH_ONLY="mix", BENCH_RESULTS=str(results), PYTHONUNBUFFERED="1")
    say(f"\n=== Round {round_number + 1} of {ROUNDS}: the mix at {scale}× ===")
    subprocess.run([sys.executable, "-m", "tools.benchmarks.load"], cwd=BASE_DIR, env=env, check=True)  # nosec B603
    return json.loads(results.read_text())["mix"]


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    sizes = ["1", SCALE]
    runs = {size: [] for size in sizes}
    for round_number in range(ROUNDS):
        for size in sizes if round_number % 2 == 0 else reversed(sizes):
            runs[size].append(mix_at(size, round_number))

    def p95(size, page):
        return statistics.median(run[page]["p95"] for run in runs[size] if page in run)

    def median(size, page):
        return statistics.median(run[page]["median"] for run in runs[size] if page in run)

    say(f"\nWhole growth run: {(time.perf_counter() - started) / 60:.1f} minutes.")
    for size in sizes:
        for number, run in enumerate(runs[size]):
            total = run["all"]
            say(
                f"Mix at {size}×, run {number + 1}: {total['rps']:.1f} requests/s, {total['failures']} failures of "
                f"{total['count']}, median {total['median']:.0f} ms, p95 {total['p95']:.0f} ms."
            )
    say(
        f"\nGrowth: the steady mix at 1× and {SCALE}× the data set ({ROUNDS} round(s) each, p95 the median of the "
        f"rounds'); target: p95 at {SCALE}× ≤ {RATIO_TARGET} × p95 at 1×."
    )
    say(
        f"| page | 1×: median ms | 1×: p95 ms | {SCALE}×: median ms | {SCALE}×: p95 ms "
        f"| p95 {SCALE}× / 1× (≤ {RATIO_TARGET}) |"
    )
    say("| --- | ---: | ---: | ---: | ---: | ---: |")
    missed = []
    for page in [*KEY_PAGES, "all"]:
        small, large = p95("1", page), p95(SCALE, page)
        ratio = large / small if small else float("inf")
        over = page != "all" and ratio > RATIO_TARGET
        if over:
            missed.append(page)
        slow = f" (p95 over {P95_TARGET_MS} ms)" if large > P95_TARGET_MS else ""
        say(
            f"| {page} | {median('1', page):.0f} | {small:.0f} | {median(SCALE, page):.0f} | {large:.0f} "
            f"| {ratio:.2f}{' MISSED' if over else ''}{slow} |"
        )
    failures = sum(run["all"]["failures"] for size in sizes for run in runs[size])
    if failures:
        say(f"{failures} requests failed across the runs.")
    say(
        "Every key page within the target."
        if not missed and not failures
        else f"Missed: {', '.join(missed) or 'failures'}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
