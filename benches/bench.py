#!/usr/bin/env python3
"""actorgraph benchmarks: bulk loading against the `oxigraph` CLI, and path lookups against
SPARQL property paths (pyoxigraph) and networkx, all measured in one run on one machine.

    cargo build --release --locked
    cargo install oxigraph-cli --version 0.5.13 --no-default-features --features rustls-native,rdf-12 --root ~/.cache/oxigraph-cli
    pip install pyoxigraph==0.5.13 networkx
    python3 benches/bench.py --oxigraph ~/.cache/oxigraph-cli/bin/oxigraph

Wall time and peak memory (max RSS) of every step come from /usr/bin/time; each load is
repeated (--repeat) on a fresh store and the median reported. Results go to stdout as a
Markdown table and to WORK/results.json. Nothing here runs in CI.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command, **kwargs):
    """Runs a command under /usr/bin/time; returns (seconds, max RSS in MiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", stats.name, *map(str, command)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            **kwargs,
        )
        if result.returncode not in (0, 1):
            sys.exit(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{result.stderr}")
        seconds, kib = Path(stats.name).read_text().split()[-2:]
    return float(seconds), int(kib) / 1024, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actorgraph", default=os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")) + "/release/actorgraph")
    parser.add_argument("--oxigraph", required=True, help="the oxigraph CLI binary (oxigraph-cli 0.5.13)")
    parser.add_argument("--facts", type=int, default=230_000, help="facts to generate (230000 gives >1M path-graph edges)")
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sparql-budget", type=float, default=600.0, help="seconds the SPARQL peer may spend")
    parser.add_argument("--work", default=str(ROOT / "benches" / "out"))
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = {"machine": os.uname().machine, "cpus": os.cpu_count()}

    data = work / f"bench-{args.facts}.nt"
    if not data.exists():
        with open(data, "w") as out:
            subprocess.run([sys.executable, ROOT / "benches" / "generate.py", "--facts", str(args.facts)], stdout=out, check=True)
    triples = sum(1 for _ in open(data))
    results["triples"] = triples
    print(f"data: {data} ({triples:,} triples)", file=sys.stderr)

    # --- Bulk load: actorgraph load vs oxigraph load, same file, fresh stores.
    loads = {"actorgraph": [], "oxigraph": []}
    for round_ in range(args.repeat):
        store = work / "ag-store"
        shutil.rmtree(store, ignore_errors=True)
        subprocess.run([args.actorgraph, "--store", store, "stats"], stdout=subprocess.DEVNULL, check=True)
        loads["actorgraph"].append(timed([args.actorgraph, "--store", store, "load", "--bulk", "always", data])[:2])
        location = work / "ox-store"
        shutil.rmtree(location, ignore_errors=True)
        loads["oxigraph"].append(timed([args.oxigraph, "load", "--location", location, "--file", data])[:2])
        print(f"load round {round_ + 1}: {loads['actorgraph'][-1]} vs {loads['oxigraph'][-1]}", file=sys.stderr)
    for tool, runs in loads.items():
        seconds = statistics.median(r[0] for r in runs)
        results[f"load_{tool}"] = {"seconds": seconds, "triples_per_second": triples / seconds, "max_rss_mib": max(r[1] for r in runs)}

    # --- Path graph on the actorgraph store holding the generated data.
    store = work / "ag-store"
    stats = json.loads(subprocess.run([args.actorgraph, "--store", store, "stats", "--format", "json"], capture_output=True, text=True, check=True).stdout)
    results["path_graph"] = stats.get("path_graph")
    rng = random.Random(11)
    firms = [f"<http://bench.example/firm{i}>" for i in range(20 * max(1, args.facts // 1000))]
    people = [f"<http://bench.example/person{i}>" for i in range(10 * max(1, args.facts // 1000))]
    pool = firms + people
    pairs = [(rng.choice(pool), rng.choice(pool)) for _ in range(args.lookups)]
    pairs = [(a, b) for a, b in pairs if a != b]
    pairs_file = work / "pairs.tsv"
    pairs_file.write_text("".join(f"{a}\t{b}\n" for a, b in pairs))
    a, b = pairs[0]

    cache = store / "projection.bin"
    cache.unlink(missing_ok=True)
    seconds, rss, _ = timed([args.actorgraph, "--store", store, "path", a, b, "--format", "json"])
    results["path_first_with_projection_build"] = {"seconds": seconds, "max_rss_mib": rss, "cache_mib": cache.stat().st_size / 2**20}
    seconds, rss, _ = timed([args.actorgraph, "--store", store, "path", a, b, "--format", "json"])
    results["path_cold_cached"] = {"seconds": seconds, "max_rss_mib": rss}
    seconds, rss, out = timed([args.actorgraph, "--store", store, "path", "--batch", pairs_file])
    records = [json.loads(line) for line in out.splitlines()]
    found = [r["status"] == "found" for r in records]
    results["path_batch"] = {"lookups": len(records), "found": sum(found), "seconds": seconds, "max_rss_mib": rss}

    # --- Peers: one cold oxigraph CLI query; pyoxigraph SPARQL property paths; networkx.
    properties = "|".join(
        f"ag:{p}|^ag:{p}"
        for p in ["suppliesTo", "suppliesGood", "deliveredTo", "memberOf", "influences", "sanctions", "locatedIn"]
    )
    ask = f"PREFIX ag: <https://w3id.org/actorgraph/ontology#> ASK {{ {a} ({properties})+ {b} }}"
    seconds, rss, _ = timed([args.oxigraph, "query", "--location", store / "oxigraph", "--query", ask, "--union-default-graph", "--results-format", "tsv"])
    results["oxigraph_cli_cold_query"] = {"seconds": seconds, "max_rss_mib": rss}
    seconds, rss, out = timed([sys.executable, ROOT / "benches" / "peers.py", "sparql", store, pairs_file, "--budget", args.sparql_budget])
    sparql = json.loads(out)
    agree = sum(1 for x, y in zip(found, sparql["answers"]) if x == y)
    results["sparql_batch"] = {k: v for k, v in sparql.items() if k != "answers"} | {"seconds": seconds, "max_rss_mib": rss, "agrees_with_actorgraph": agree}
    seconds, rss, out = timed([sys.executable, ROOT / "benches" / "peers.py", "networkx", store, pairs_file])
    nx = json.loads(out)
    results["networkx_batch"] = {k: v for k, v in nx.items() if k != "answers"} | {"seconds": seconds, "max_rss_mib": rss}

    (work / "results.json").write_text(json.dumps(results, indent=2))
    report(results)


def report(r):
    ag, ox = r["load_actorgraph"], r["load_oxigraph"]
    print(f"## Load: {r['triples']:,} N-Triples ({r['cpus']} CPUs)\n")
    print("| tool | seconds (median) | triples/s | peak RSS MiB |\n|---|---|---|---|")
    print(f"| actorgraph load --bulk always | {ag['seconds']:.2f} | {ag['triples_per_second']:,.0f} | {ag['max_rss_mib']:.0f} |")
    print(f"| oxigraph load | {ox['seconds']:.2f} | {ox['triples_per_second']:,.0f} | {ox['max_rss_mib']:.0f} |")
    print(f"\nthroughput ratio actorgraph / oxigraph: {ag['triples_per_second'] / ox['triples_per_second']:.2f}\n")
    pg = r.get("path_graph") or {}
    print(f"## Paths: {pg.get('edges', '?'):,} edges, {pg.get('nodes', '?'):,} nodes\n")
    first, cold, batch = r["path_first_with_projection_build"], r["path_cold_cached"], r["path_batch"]
    cli, sparql, nx = r["oxigraph_cli_cold_query"], r["sparql_batch"], r["networkx_batch"]
    print("| step | seconds | peak RSS MiB |\n|---|---|---|")
    print(f"| actorgraph path, building the projection ({first['cache_mib']:.0f} MiB cache) | {first['seconds']:.2f} | {first['max_rss_mib']:.0f} |")
    print(f"| actorgraph path, one cold process, cached projection | {cold['seconds']:.2f} | {cold['max_rss_mib']:.0f} |")
    print(f"| oxigraph query, one cold process, property-path ASK | {cli['seconds']:.2f} | {cli['max_rss_mib']:.0f} |")
    print(f"| actorgraph path --batch, {batch['lookups']} lookups ({batch['found']} found) | {batch['seconds']:.2f} | {batch['max_rss_mib']:.0f} |")
    per_query = sparql["query_seconds_total"] / max(1, sparql["asked"])
    print(f"| pyoxigraph SPARQL property paths, {sparql['asked']} of {sparql['of']} asked ({sparql['reachable']} reachable) | {sparql['seconds']:.2f} | {sparql['max_rss_mib']:.0f} |")
    print(f"| networkx, build {nx['build_seconds']:.1f} s + {len(r and [1]) and batch['lookups']} shortest paths {nx['query_seconds_total']:.2f} s | {nx['seconds']:.2f} | {nx['max_rss_mib']:.0f} |")
    per_lookup = batch["seconds"] / max(1, batch["lookups"])
    print(f"\nper lookup: actorgraph batch {per_lookup * 1000:.2f} ms (process included); SPARQL {per_query * 1000:.1f} ms per ASK "
          f"(ratio {per_query / per_lookup:.0f}x); networkx {nx['query_seconds_total'] / max(1, batch['lookups']) * 1000:.2f} ms per path")
    print(f"cold single lookup: actorgraph {cold['seconds']:.2f} s vs oxigraph CLI {cli['seconds']:.2f} s (ratio {cold['seconds'] / cli['seconds']:.2f})")
    print(f"SPARQL agrees with actorgraph on {sparql['agrees_with_actorgraph']} of {sparql['asked']} pairs (actorgraph stops at 6 hops)")


if __name__ == "__main__":
    main()
