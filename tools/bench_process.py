#!/usr/bin/env python3
"""Times whole `barakcha render` processes on the example, alternating the binaries
given so that the machine's drift (a VM's speed can wander by tens of per cent over
minutes) hits each of them alike. Prints median, p10 and p90 wall time per binary.

    python3 tools/bench_process.py target/release/barakcha [OTHER_BINARY ...] [--runs N]
"""
import argparse
import pathlib
import statistics
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bazeyan" / "interview.toml"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    times = {b: [] for b in args.binaries}
    with tempfile.TemporaryDirectory() as out:
        outputs = {b: str(pathlib.Path(out) / f"{i}.pdf") for i, b in enumerate(args.binaries)}
        for b in args.binaries:  # warm the page cache and the output files
            run(b, outputs[b])
        for _ in range(args.runs):
            for b in args.binaries:
                times[b].append(run(b, outputs[b]))
    for b, ts in times.items():
        ts.sort()
        n = len(ts)
        print(f"{b}: median {statistics.median(ts):.2f} ms, p10 {ts[n // 10]:.2f}, "
              f"p90 {ts[9 * n // 10]:.2f}, over {n} runs")


def run(binary, output):
    cmd = [binary, "render", str(EXAMPLE), "-o", output]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
