#!/usr/bin/env python3
"""Speed and memory of `actorgraph scan` on large texts: the seed documents repeated until a text
reaches each size, scanned to /dev/null; wall time and peak memory (max RSS) from /usr/bin/time.
Memory should stay flat as the text grows: the scan streams the file and its findings.

    cargo build --release --locked
    python3 benches/scan.py --seeds ../shared/seeds --megabytes 5 50

Nothing here runs in CI.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command):
    """Runs a command under /usr/bin/time; returns (seconds, max RSS in MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", stats.name, *map(str, command)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if result.returncode not in (0, 1):
            sys.exit(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{result.stderr}")
        seconds, kib = Path(stats.name).read_text().split()[-2:]
    return float(seconds), int(kib) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    parser.add_argument("--actorgraph", default=target + "/release/actorgraph")
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--megabytes", type=float, nargs="+", default=[5, 50])
    parser.add_argument("--work", default=str(ROOT / "benches" / "out"))
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    seeds = b"\n".join(p.read_bytes().rstrip(b"\n") for p in sorted(Path(args.seeds).glob("*.txt"))) + b"\n"
    store = work / "scan-store"
    print("| text | lines | time | MB/s | max RSS |")
    print("|---|---|---|---|---|")
    for megabytes in args.megabytes:
        text = work / f"scan-{megabytes:g}MB.txt"
        size = int(megabytes * 1024 * 1024)
        if not text.exists() or text.stat().st_size < size:
            with text.open("wb") as out:
                written = 0
                while written < size:
                    out.write(seeds)
                    written += len(seeds)
        lines = text.read_bytes().count(b"\n")
        # The first run creates the store; time the second.
        timed([args.actorgraph, "--store", store, "scan", text])
        seconds, rss = timed([args.actorgraph, "--store", store, "scan", text])
        mb = text.stat().st_size / 1024 / 1024
        print(f"| {mb:.1f} MB | {lines:,} | {seconds:.1f} s | {mb / seconds:.2f} | {rss:.0f} MiB |")


if __name__ == "__main__":
    main()
