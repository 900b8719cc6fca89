#!/usr/bin/env python3
"""actorgraph benchmarks, peers measured in the same run on the same machine:

  * headline (the ~2M-triple file): bulk load against `oxigraph load` (into the default graph,
    as the CLI does by default, and into a named graph, as actorgraph stores every file); the
    path-graph build against networkx building its graph from the same derived edges, also after
    `actorgraph optimize`, and the floor under it (benches/read_floor.rs: the build's read of the
    store with nothing done with what it reads); one cold lookup against a trivial `oxigraph query`; 1,000 lookups in one
    process against networkx's bidirectional shortest path (per lookup);
  * named queries with a parameter on the headline store against `oxigraph query` running the
    same text, the parameter written into it as a `VALUES` block, over the union of all graphs;
  * `import ftm` and `screen` throughput on generated FollowTheMoney entities;
  * a scale curve: load, path-graph build, cache size, cold lookup, batch lookups and peak
    memory at about 10k, 100k, 1M (and, with --sizes, 10M) path-graph edges, with a plot.

One command (not run in CI); the peers are installed outside the repository:

    cargo build --release --locked --bin actorgraph --example read_floor
    python3 -m venv ~/.cache/actorgraph/perf-venv
    ~/.cache/actorgraph/perf-venv/bin/pip install oxigraph==0.5.13 pyoxigraph==0.5.13 networkx matplotlib
    ~/.cache/actorgraph/perf-venv/bin/python benches/bench.py

Wall time and peak memory (max RSS) of every command come from /usr/bin/time; repeated steps
report the median. Results go to WORK/results.json, a Markdown report to stdout, and the plot to
benches/scale.png.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benches"))
VENV = Path.home() / ".cache" / "actorgraph" / "perf-venv" / "bin"


def timed(command, accept=(0, 1), **kwargs):
    """Runs a command under /usr/bin/time; returns (wall seconds, max RSS in MiB, stdout). The
    wall time is measured here, to the microsecond; /usr/bin/time's is in hundredths. Exit codes
    outside `accept` stop the run with the command's error output (1 is actorgraph's "nothing
    found")."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        started = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", stats.name, *map(str, command)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            **kwargs,
        )
        if result.returncode not in accept:
            sys.exit(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{result.stderr}")
        seconds = time.perf_counter() - started
        kib = Path(stats.name).read_text().split()[-1]
    return seconds, int(kib) / 1024, result.stdout


def median_run(command, repeat, prepare=None):
    runs = []
    for _ in range(repeat):
        if prepare:
            prepare()
        runs.append(timed(command)[:2])
    return {"seconds": statistics.median(r[0] for r in runs), "max_rss_mib": statistics.median(r[1] for r in runs),
            "runs": runs}


def generated(work, facts):
    data = work / f"bench-{facts}.nt"
    if not data.exists():
        partial = data.with_suffix(".partial")
        with open(partial, "w") as out:
            subprocess.run([sys.executable, ROOT / "benches" / "generate.py", "--facts", str(facts)], stdout=out, check=True)
        partial.rename(data)
    return data


def fresh_store(ag, store):
    """A new store holding the bundled data, made before any timing starts."""
    shutil.rmtree(store, ignore_errors=True)
    subprocess.run([ag, "--store", store, "stats"], stdout=subprocess.DEVNULL, check=True)


def pairs_for(work, facts, count, seed=11):
    rng = random.Random(seed)
    scale = max(1, facts // 1000)
    pool = [f"<http://bench.example/firm{i}>" for i in range(20 * scale)]
    pool += [f"<http://bench.example/person{i}>" for i in range(10 * scale)]
    pairs = [(rng.choice(pool), rng.choice(pool)) for _ in range(count)]
    pairs = [(a, b) for a, b in pairs if a != b]
    path = work / f"pairs-{facts}.tsv"
    path.write_text("".join(f"{a}\t{b}\n" for a, b in pairs))
    return path, pairs


def path_graph_size(ag, store):
    stats = json.loads(subprocess.run([ag, "--store", store, "stats", "--format", "json"], capture_output=True,
                                      text=True, check=True).stdout)
    return stats.get("path_graph") or {}


def measure_size(args, work, facts, with_peers):
    """Load, build, cache size, cold and batch lookups at one size; peers when asked."""
    ag = args.actorgraph
    data = generated(work, facts)
    triples = sum(1 for _ in open(data))
    store = work / f"ag-store-{facts}"
    r = {"facts": facts, "triples": triples}
    print(f"[{facts:,} facts, {triples:,} triples] loading", file=sys.stderr)
    repeat = args.repeat if with_peers else 1
    r["load"] = median_run([ag, "--store", store, "load", "--bulk", "always", data], repeat,
                           prepare=lambda: fresh_store(ag, store))
    r["load"]["triples_per_second"] = triples / r["load"]["seconds"]
    r["path_graph"] = path_graph_size(ag, store)
    pairs_file, pairs = pairs_for(work, facts, args.lookups)
    a, b = pairs[0]
    cache = store / "projection.bin"
    r["build"] = median_run([ag, "--store", store, "path", a, b, "--format", "json"], repeat,
                            prepare=lambda: cache.unlink(missing_ok=True))
    r["cache_mib"] = cache.stat().st_size / 2**20
    print(f"[{facts:,}] lookups", file=sys.stderr)
    r["cold"] = median_run([ag, "--store", store, "path", a, b, "--format", "json"], args.repeat)
    batches = [timed([ag, "--store", store, "path", "--batch", pairs_file]) for _ in range(repeat)]
    records = [json.loads(line) for line in batches[0][2].splitlines()]
    r["batch"] = {"lookups": len(records), "found": sum(x["status"] == "found" for x in records),
                  "seconds": statistics.median(b[0] for b in batches),
                  "max_rss_mib": statistics.median(b[1] for b in batches), "runs": [b[:2] for b in batches],
                  "answers": [len(x["paths"][0]["hops"]) if x["status"] == "found" else None for x in records]}
    seconds, rss, out = timed([ag, "--store", store, "path", "--batch", pairs_file, "-k", "3"])
    r["batch_k3"] = {"seconds": seconds, "max_rss_mib": rss}
    r["peak_rss_mib"] = max(r["load"]["max_rss_mib"], r["build"]["max_rss_mib"], r["cold"]["max_rss_mib"],
                            r["batch"]["max_rss_mib"])
    if with_peers:
        # The floor under the build, on the store as the build above read it: the build's own
        # read with nothing done with what is read, the derived edges alone, and the build in
        # process (benches/read_floor.rs).
        print(f"[{facts:,}] read floor", file=sys.stderr)
        r["read_floor"] = json.loads(timed([args.read_floor, store, args.repeat], accept=(0,))[2])
        # `optimize` compacts what the bulk load left (a file per batch) and hands it to readers;
        # the build on the compacted store, the cache removed before each run.
        print(f"[{facts:,}] optimize", file=sys.stderr)
        r["optimize"] = median_run([ag, "--store", store, "optimize"], 1)
        r["build_optimized"] = median_run([ag, "--store", store, "path", a, b, "--format", "json"], repeat,
                                          prepare=lambda: cache.unlink(missing_ok=True))
        print(f"[{facts:,}] peers", file=sys.stderr)
        ox = args.oxigraph
        location = work / "ox-store"
        r["oxigraph_load_default_graph"] = median_run([ox, "load", "--location", location, "--file", data], args.repeat,
                                                      prepare=lambda: shutil.rmtree(location, ignore_errors=True))
        r["oxigraph_load_named_graph"] = median_run(
            [ox, "load", "--location", location, "--file", data, "--graph", "http://bench.example/graph"], args.repeat,
            prepare=lambda: shutil.rmtree(location, ignore_errors=True))
        for key in ("oxigraph_load_default_graph", "oxigraph_load_named_graph"):
            r[key]["triples_per_second"] = triples / r[key]["seconds"]
        shutil.rmtree(location, ignore_errors=True)
        query = f"SELECT ?p ?o WHERE {{ {a} ?p ?o }} LIMIT 10"
        r["oxigraph_query"] = median_run([ox, "query", "--location", store / "oxigraph", "--query", query,
                                          "--union-default-graph", "--results-format", "tsv"], args.repeat)
        # networkx as many times as actorgraph ran; each figure is the median of its runs.
        peers = [timed([args.python, ROOT / "benches" / "peers.py", "networkx", store, pairs_file])
                 for _ in range(args.repeat)]
        runs = [json.loads(out) for _, _, out in peers]
        nx = {k: statistics.median(run[k] for run in runs) if isinstance(v, float) else v for k, v in runs[0].items()}
        agree = sum(1 for x, y in zip(r["batch"]["answers"], nx["answers"]) if x == y)
        r["networkx"] = {k: v for k, v in nx.items() if k != "answers"} | {
            "seconds": statistics.median(p[0] for p in peers), "max_rss_mib": statistics.median(p[1] for p in peers),
            "agrees_with_actorgraph": agree, "runs": len(peers)}
    r["batch"].pop("answers")
    shutil.rmtree(store, ignore_errors=True) if not args.keep else None
    return r


# Named queries and the parameter each is asked with, on the generated headline data.
NAMED_QUERIES = [
    ("supply-flows", "supplier", "<http://bench.example/firm7>"),
    ("tonnage-by-year", "supplier", "<http://bench.example/firm7>"),
    ("coverage", "document", "<http://bench.example/doc1>"),
    ("factions", "faction", "<http://bench.example/faction3>"),
    ("evidence-for", "entity", "<http://bench.example/firm7>"),
    ("sanctions", "target", "<http://bench.example/firm7>"),
]


def measure_queries(args, work):
    """Named queries with a parameter on the headline store, each against `oxigraph query` on the
    same database with the same text, the value in a `VALUES` block after every `WHERE {`."""
    import re

    ag, ox = args.actorgraph, args.oxigraph
    store = work / "queries-store"
    fresh_store(ag, store)
    subprocess.run([ag, "--store", store, "load", "--bulk", "always", generated(work, args.facts)],
                   stdout=subprocess.DEVNULL, check=True)
    measured = []
    for name, variable, value in NAMED_QUERIES:
        print(f"[queries] {name}", file=sys.stderr)
        text = (ROOT / "queries" / f"{name}.rq").read_text()
        # The value at the top of every group pattern a WHERE opens, subqueries' too, as
        # actorgraph's binder carries it down to where the query uses the variable; a group
        # that does not use it joins one row and is unchanged.
        peer_text = re.sub(r"WHERE\s*\{", lambda m: f"{m.group(0)} VALUES ?{variable} {{ {value} }}", text)
        peer_file = work / f"peer-{name}.rq"
        peer_file.write_text(peer_text)
        ours = [timed([ag, "--store", store, "query", name, "-p", f"{variable}={value}", "--format", "tsv"])
                for _ in range(args.repeat)]
        peers = [timed([ox, "query", "--location", store / "oxigraph", "--query-file", peer_file,
                        "--union-default-graph", "--results-format", "tsv"]) for _ in range(args.repeat)]
        measured.append({
            "query": name, "parameter": f"{variable}={value}",
            "seconds": statistics.median(r[0] for r in ours),
            "oxigraph_seconds": statistics.median(r[0] for r in peers),
            "rows": len(ours[0][2].splitlines()) - 1, "oxigraph_rows": len(peers[0][2].splitlines()) - 1,
        })
    shutil.rmtree(store, ignore_errors=True) if not args.keep else None
    return measured


def measure_ftm(args, work):
    """`import ftm` throughput on generated entities, then `screen` on a list against them."""
    from ftm import generate

    ag = args.actorgraph
    data = work / f"ftm-{args.ftm_entities}-7.ftm.json"
    if not data.exists():
        generate(data, args.ftm_entities, 7)
    store = work / "ftm-store"
    run = median_run([ag, "--store", store, "import", "ftm", "--bulk", "always", "--no-link", "--dataset", "bench", data],
                     args.repeat, prepare=lambda: fresh_store(ag, store))
    run["entities_per_second"] = args.ftm_entities / run["seconds"]
    names = []
    with open(data) as handle:
        for line in handle:
            entity = json.loads(line)
            names.extend(entity["properties"].get("name", []))
    rng = random.Random(5)
    rows = [rng.choice(names) for _ in range(args.screen_rows // 2)]
    rows += [f"{rng.choice(names).split()[0]} Unrelated {i} Trading" for i in range(args.screen_rows - len(rows))]
    rng.shuffle(rows)
    listing = work / "screen-list.csv"
    listing.write_text("name\n" + "".join(f"\"{n}\"\n" for n in rows))
    # The first screening builds the path graph; time the second.
    subprocess.run([ag, "--store", store, "screen", listing, "--format", "jsonl"], stdout=subprocess.DEVNULL)
    screen = median_run([ag, "--store", store, "screen", listing, "--format", "jsonl"], args.repeat)
    screen["rows"] = len(rows)
    screen["rows_per_second"] = len(rows) / screen["seconds"]
    shutil.rmtree(store, ignore_errors=True)
    return {"entities": args.ftm_entities, "import": run, "screen": screen}


def report(results):
    h = results["headline"]
    triples, pg = h["triples"], h["path_graph"]
    ag, oxd, oxn = h["load"], h["oxigraph_load_default_graph"], h["oxigraph_load_named_graph"]
    nx, cold, q, batch = h["networkx"], h["cold"], h["oxigraph_query"], h["batch"]
    per_lookup = batch["seconds"] / batch["lookups"]
    nx_per_lookup = nx["query_seconds_total"] / batch["lookups"]
    print(f"## Headline: {triples:,} N-Triples, {pg.get('edges', 0):,} path-graph edges, {pg.get('nodes', 0):,} nodes "
          f"({results['cpus']} CPUs; medians of {results['repeat']})\n")
    print("| step | actorgraph | peer | ratio |\n|---|---|---|---|")
    print(f"| load | {ag['seconds']:.1f} s, {ag['triples_per_second']:,.0f} triples/s, {ag['max_rss_mib']:.0f} MiB | "
          f"`oxigraph load --graph`: {oxn['seconds']:.1f} s, {oxn['triples_per_second']:,.0f} triples/s, {oxn['max_rss_mib']:.0f} MiB | "
          f"{ag['triples_per_second'] / oxn['triples_per_second']:.2f}× the throughput |")
    print(f"| | | `oxigraph load` (default graph): {oxd['seconds']:.1f} s, {oxd['triples_per_second']:,.0f} triples/s, "
          f"{oxd['max_rss_mib']:.0f} MiB | {ag['triples_per_second'] / oxd['triples_per_second']:.2f}× |")
    print(f"| path-graph build (process, store open to cache written) | {h['build']['seconds']:.2f} s, "
          f"{h['build']['max_rss_mib']:.0f} MiB, {h['cache_mib']:.0f} MiB cache | networkx graph from the derived edges: "
          f"{nx['build_seconds']:.2f} s | {h['build']['seconds'] / nx['build_seconds']:.2f}× the time |")
    # What an analyst waits for before a first path: the load, then the build (the peer's networkx
    # reads the derived edges actorgraph's load wrote; Oxigraph alone would not have them).
    first, peer_first = ag["seconds"] + h["build"]["seconds"], oxn["seconds"] + nx["build_seconds"]
    print(f"| load, then path-graph build (time to a first path) | {first:.2f} s | `oxigraph load --graph`, then "
          f"networkx's build: {peer_first:.2f} s | {first / peer_first:.2f}× the time |")
    floor = h.get("read_floor")  # absent from results made before read_floor.rs
    if floor:
        stated, derived = floor["stated"], floor["derived"]
        print(f"| reading alone: the build's read of the stated data, nothing done with it ({floor['parts']} threads) | "
              f"{stated['seconds']:.2f} s, {stated['quads']:,} quads (the build in the same process: "
              f"{floor['build']['seconds']:.2f} s) | networkx's whole build (above): {nx['build_seconds']:.2f} s | "
              f"{stated['seconds'] / nx['build_seconds']:.2f}× the time |")
        one = floor.get("stated_one_thread")
        if one:
            print(f"| the same quads straight from the indexes, one thread (`scan_stated`) | {one['seconds']:.2f} s | "
                  f"the build's read (above): {stated['seconds']:.2f} s | {one['seconds'] / stated['seconds']:.2f}× the time |")
        print(f"| reading the derived edges alone (networkx's input), one thread | {derived['seconds']:.2f} s, "
              f"{derived['quads']:,} quads | networkx's whole build: {nx['build_seconds']:.2f} s | "
              f"{derived['seconds'] / nx['build_seconds']:.2f}× the time |")
    if "build_optimized" in h:
        opt, built = h["optimize"], h["build_optimized"]
        print(f"| `optimize` after the load (once) | {opt['seconds']:.2f} s, {opt['max_rss_mib']:.0f} MiB | | "
              f"load and optimize: {(ag['seconds'] + opt['seconds']) / oxn['seconds']:.2f}× `oxigraph load --graph`'s time |")
        print(f"| path-graph build on the optimized store | {built['seconds']:.2f} s, {built['max_rss_mib']:.0f} MiB | "
              f"networkx (above): {nx['build_seconds']:.2f} s | {built['seconds'] / nx['build_seconds']:.2f}× the time |")
    print(f"| one cold lookup | {cold['seconds']:.4f} s, {cold['max_rss_mib']:.0f} MiB | `oxigraph query` (one "
          f"subject's triples): {q['seconds']:.4f} s, {q['max_rss_mib']:.0f} MiB | {cold['seconds'] / q['seconds']:.2f}× "
          f"the time, {cold['max_rss_mib'] / q['max_rss_mib']:.2f}× the memory |")
    print(f"| {batch['lookups']} lookups, one `--batch` process | {batch['seconds']:.2f} s ({per_lookup * 1000:.3f} ms "
          f"each, process start included), {batch['found']} found | networkx bidirectional shortest path: "
          f"{nx_per_lookup * 1000:.3f} ms each (in process) | {per_lookup / nx_per_lookup:.1f}× |")
    print(f"| same, `-k 3` | {h['batch_k3']['seconds']:.2f} s | | |")
    print(f"\nnetworkx agrees with actorgraph's path lengths on {nx['agrees_with_actorgraph']} of {batch['lookups']} pairs "
          f"(actorgraph stops at 6 hops).\n")
    queries = results.get("queries")
    if queries:
        print("## Named queries with a parameter (headline store)\n")
        print("| query | parameter | rows | actorgraph s | `oxigraph query`, value as VALUES, s | ratio |\n|---|---|---|---|---|---|")
        for q in queries:
            rows = q["rows"] if q["rows"] == q["oxigraph_rows"] else f"{q['rows']} (oxigraph {q['oxigraph_rows']})"
            print(f"| {q['query']} | `{q['parameter']}` | {rows} | {q['seconds']:.2f} | {q['oxigraph_seconds']:.2f} | "
                  f"{q['seconds'] / q['oxigraph_seconds']:.2f}× |")
        print()
    f = results.get("ftm")
    if f:
        print(f"## FtM import and screening ({f['entities']:,} generated entities)\n")
        print("| step | seconds | throughput | peak RSS MiB |\n|---|---|---|---|")
        print(f"| import ftm --bulk always | {f['import']['seconds']:.1f} | {f['import']['entities_per_second']:,.0f} "
              f"entities/s | {f['import']['max_rss_mib']:.0f} |")
        print(f"| screen {f['screen']['rows']} rows (path graph cached) | {f['screen']['seconds']:.2f} | "
              f"{f['screen']['rows_per_second']:,.0f} rows/s | {f['screen']['max_rss_mib']:.0f} |\n")
    print("## Scale\n")
    print("| facts | triples | path-graph edges | load s | build s | cache MiB | cold lookup s | 1,000 lookups s | "
          "peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|")
    for s in results["scale"]:
        print(f"| {s['facts']:,} | {s['triples']:,} | {s['path_graph'].get('edges', 0):,} | {s['load']['seconds']:.2f} | "
              f"{s['build']['seconds']:.2f} | {s['cache_mib']:.1f} | {s['cold']['seconds']:.3f} | "
              f"{s['batch']['seconds']:.2f} | {s['peak_rss_mib']:.0f} |")


def plot(results, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scale = results["scale"]
    edges = [s["path_graph"].get("edges", 0) for s in scale]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for key, label in [("load", "load"), ("build", "path-graph build"), ("cold", "cold lookup"),
                       ("batch", "1,000 lookups")]:
        left.plot(edges, [s[key]["seconds"] for s in scale], marker="o", label=label)
    left.set(xscale="log", yscale="log", xlabel="path-graph edges", ylabel="seconds (wall)", title="time")
    left.legend()
    right.plot(edges, [s["peak_rss_mib"] for s in scale], marker="o", label="peak RSS (any step)")
    right.plot(edges, [s["cold"]["max_rss_mib"] for s in scale], marker="o", label="RSS, cold lookup")
    right.plot(edges, [s["cache_mib"] for s in scale], marker="o", label="cache file")
    right.set(xscale="log", yscale="log", xlabel="path-graph edges", ylabel="MiB", title="memory and disk")
    right.legend()
    fig.suptitle(f"actorgraph scale curve ({results['cpus']} CPUs, release build)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    parser.add_argument("--actorgraph", default=f"{target}/release/actorgraph")
    parser.add_argument("--oxigraph", default=str(VENV / "oxigraph"), help="the oxigraph CLI (PyPI oxigraph 0.5.13)")
    parser.add_argument("--python", default=str(VENV / "python"), help="a Python with pyoxigraph 0.5.13 and networkx")
    parser.add_argument("--read-floor", default=f"{target}/release/examples/read_floor",
                        help="benches/read_floor.rs, built by `cargo build --release --locked --example read_floor`")
    parser.add_argument("--facts", type=int, default=230_000, help="the headline size (230000: ~2.1M triples)")
    parser.add_argument("--sizes", default="2200,22000", help="other sizes of the scale curve, in facts "
                        "(~4.5 path-graph edges each); the headline size is added")
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ftm-entities", type=int, default=100_000)
    parser.add_argument("--screen-rows", type=int, default=1000)
    parser.add_argument("--skip-ftm", action="store_true")
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the stores")
    parser.add_argument("--resume", action="store_true",
                        help="keep the sizes WORK/results.json already holds; measure only the others")
    parser.add_argument("--plot", default=str(ROOT / "benches" / "scale.png"))
    parser.add_argument("--work", default=str(ROOT / "benches" / "out"))
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = {"machine": os.uname().machine, "cpus": os.cpu_count(), "repeat": args.repeat}
    sizes = sorted({int(s) for s in args.sizes.split(",") if s} | {args.facts})
    results["scale"] = []
    earlier = {}
    if args.resume and (work / "results.json").exists():
        earlier = {s["facts"]: s for s in json.loads((work / "results.json").read_text()).get("scale", [])}
    # read_floor runs only with the headline's peers, so a resumed headline does not need it.
    tools = [args.actorgraph, args.oxigraph, args.python] + ([args.read_floor] if args.facts not in earlier else [])
    for tool in tools:
        if not Path(tool).is_file():
            sys.exit(f"{tool} not found (see the install lines at the top of this file)")
    for facts in sizes:
        measured = earlier.get(facts) or measure_size(args, work, facts, with_peers=facts == args.facts)
        results["scale"].append(measured)
        if facts == args.facts:
            results["headline"] = measured
        (work / "results.json").write_text(json.dumps(results, indent=2))
    if not args.skip_queries:
        results["queries"] = measure_queries(args, work)
        (work / "results.json").write_text(json.dumps(results, indent=2))
    if not args.skip_ftm:
        results["ftm"] = measure_ftm(args, work)
    (work / "results.json").write_text(json.dumps(results, indent=2))
    report(results)
    plot(results, args.plot)


if __name__ == "__main__":
    main()
