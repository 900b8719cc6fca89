#!/usr/bin/env python3
"""`actorgraph serve` under load: requests per second and p50/p99 latency at 1, 8 and 64
concurrent clients for a named query and a path lookup, and the same SPARQL query sent to
`oxigraph serve-read-only` (the Oxigraph version actorgraph embeds) on the same data, in one run
on one machine. Not a test; nothing here runs in CI.

    cargo build --release --locked
    python3 -m venv ~/.cache/actorgraph/bench-venv
    ~/.cache/actorgraph/bench-venv/bin/pip install oxigraph==0.5.13     # the oxigraph CLI binary
    python3 benches/serve.py --oxigraph ~/.cache/actorgraph/bench-venv/bin/oxigraph

The data is benches/generate.py's synthetic graph (--facts), loaded with `actorgraph load`; the
store is dumped as N-Quads and loaded into Oxigraph with `oxigraph load`, so both serve the same
quads; Oxigraph runs with --union-default-graph, as actorgraph's default graph is the union of
its graphs. The clients are threads of this script on the same machine, each on its own
keep-alive connection (they share the CPUs with the server). Each cell sends a fixed number of
requests, sized from a warm-up so that it takes about --budget seconds, and never fewer than two
per client; any answer other than 200 fails the benchmark. Before timing, the answers are
checked to be the same rows. Results go to stdout as a Markdown table and to
WORK/serve-results.json.
"""

import argparse
import http.client
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BX = "http://bench.example/"
JSON_RESULTS = "application/sparql-results+json"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(command, **kwargs):
    result = subprocess.run(list(map(str, command)), capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def fetch(url, accept="application/json", timeout=600):
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read().decode()


def wait_until_up(url, process, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server for {url} exited:\n{process.stderr.read() if process.stderr else ''}")
        try:
            fetch(url, accept="*/*", timeout=5)
            return
        except Exception:
            time.sleep(0.2)
    sys.exit(f"{url} did not come up")


def load(url, accept, clients, per_client):
    """`clients` threads, each sending `per_client` requests on its own connection: requests/s,
    p50 and p99 in ms."""
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies = [[] for _ in range(clients)]
    failures = []
    start = threading.Barrier(clients + 1)

    def client(index):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=900)
        start.wait()
        for _ in range(per_client):
            began = time.perf_counter()
            connection.request("GET", target, headers={"Accept": accept})
            response = connection.getresponse()
            response.read()
            latencies[index].append((time.perf_counter() - began) * 1000)
            if response.status != 200:
                failures.append(response.status)
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        sys.exit(f"{url}: {len(failures)} answers were not 200 ({sorted(set(failures))})")
    every = sorted(x for per in latencies for x in per)
    percentile = lambda p: every[min(len(every) - 1, max(0, round(p / 100 * len(every)) - 1))]
    return {"clients": clients, "requests": len(every), "seconds": wall, "rps": len(every) / wall,
            "p50_ms": percentile(50), "p99_ms": percentile(99)}


def rows(text):
    """SPARQL JSON results as a sorted list of rows, for comparing engines."""
    bindings = json.loads(text)["results"]["bindings"]
    return sorted(json.dumps({k: v["value"] for k, v in row.items()}, sort_keys=True) for row in bindings)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actorgraph", default=os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")) + "/release/actorgraph")
    parser.add_argument("--oxigraph", required=True, help="the oxigraph CLI binary, version 0.5.13")
    parser.add_argument("--facts", type=int, default=5_000, help="facts in the synthetic graph")
    parser.add_argument("--clients", default="1,8,64")
    parser.add_argument("--budget", type=float, default=30.0, help="about how many seconds each measurement takes")
    parser.add_argument("--work", default=str(ROOT / "benches" / "out" / "serve"))
    args = parser.parse_args()
    for binary in (args.actorgraph, args.oxigraph):
        if not shutil.which(binary) and not Path(binary).is_file():
            sys.exit(f"{binary} not found (see the usage at the top of {__file__})")
    work = Path(args.work)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    data = work / "data.nt"
    with open(data, "w") as out:
        subprocess.run([sys.executable, str(ROOT / "benches" / "generate.py"), "--facts", str(args.facts)], stdout=out, check=True)
    store = work / "actorgraph-store"
    actorgraph = [args.actorgraph, "--store", store]
    run([*actorgraph, "load", data])
    dump = work / "dump.nq"
    run([*actorgraph, "dump", "--format", "nquads", "--output", dump])
    oxigraph_store = work / "oxigraph-store"
    run([args.oxigraph, "load", "--location", oxigraph_store, "--file", dump])

    # The named query's parameter: the firm with the most supply flows; the path lookup: from it
    # to the first state a path reaches.
    counts = json.loads(run([*actorgraph, "query", "-e",
        "SELECT ?s (COUNT(*) AS ?n) WHERE { ?f a ag:SupplyFlow ; ag:supplier ?s } GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1",
        "--format", "json"]))
    supplier = counts["results"]["bindings"][0]["s"]["value"]
    target = None
    for state in range(50):
        candidate = f"{BX}state{state}"
        lookup = subprocess.run([*map(str, actorgraph), "path", supplier, candidate, "--format", "json"], capture_output=True, text=True)
        if lookup.returncode == 0 and json.loads(lookup.stdout)["paths"][0]["length"] >= 2:
            target = candidate
            break
    if target is None:
        sys.exit("no path of two hops or more from the busiest supplier to a state")

    ag_port, ox_port = free_port(), free_port()
    servers = [
        subprocess.Popen([*map(str, actorgraph), "serve", "--bind", f"127.0.0.1:{ag_port}", "--query-timeout", "300",
                          "--max-result-mib", "512"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([args.oxigraph, "serve-read-only", "--location", str(oxigraph_store), "--bind",
                          f"127.0.0.1:{ox_port}", "--union-default-graph"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True),
    ]
    results = {"machine": os.uname().machine, "cpus": os.cpu_count(), "facts": args.facts,
               "quads": sum(1 for _ in open(dump)), "supplier": supplier, "target": target, "runs": []}
    try:
        ag = f"http://127.0.0.1:{ag_port}"
        ox = f"http://127.0.0.1:{ox_port}"
        wait_until_up(f"{ag}/api/status", servers[0])
        wait_until_up(f"{ox}/query?query=ASK%7B%7D", servers[1])

        # The same SPARQL text for both engines: the named query with its parameter as VALUES.
        named = (ROOT / "queries" / "supply-flows.rq").read_text()
        bound = named.replace("WHERE {", f"WHERE {{\n  VALUES ?supplier {{ <{supplier}> }}", 1)
        prefixes = "PREFIX ag: <https://w3id.org/actorgraph/ontology#>\n"
        same_query = prefixes + bound
        cells = {
            "named query supply-flows (actorgraph /api/queries, parameter bound as a term)":
                (f"{ag}/api/queries/supply-flows?supplier={urllib.parse.quote(f'<{supplier}>')}", JSON_RESULTS),
            "the same SPARQL text, actorgraph /sparql":
                (f"{ag}/sparql?query={urllib.parse.quote(same_query)}", JSON_RESULTS),
            "the same SPARQL text, oxigraph serve-read-only /query":
                (f"{ox}/query?query={urllib.parse.quote(same_query)}", JSON_RESULTS),
            "path lookup (actorgraph /api/path, k=1, evidence included)":
                (f"{ag}/api/path?from={urllib.parse.quote(supplier)}&to={urllib.parse.quote(target)}", "application/json"),
        }
        answers = {name: fetch(url, accept) for name, (url, accept) in cells.items()}
        names = list(cells)
        if not (rows(answers[names[0]]) == rows(answers[names[1]]) == rows(answers[names[2]])):
            sys.exit("the engines disagree on the named query's rows")
        results["rows"] = len(rows(answers[names[0]]))
        results["path_length"] = json.loads(answers[names[3]])["paths"][0]["length"]
        cpus = os.cpu_count() or 1
        for name, (url, accept) in cells.items():
            warm = []
            for _ in range(3):
                began = time.perf_counter()
                fetch(url, accept)
                warm.append(time.perf_counter() - began)
            single = sorted(warm)[1]
            for clients in map(int, args.clients.split(",")):
                # Enough requests for about --budget seconds at the throughput the warm-up suggests.
                wanted = args.budget * min(clients, cpus) / single
                per_client = max(2, min(2000, math.ceil(wanted / clients)))
                cell = load(url, accept, clients, per_client)
                cell["what"] = name
                results["runs"].append(cell)
                print(f"{name}, {clients} clients: {cell['requests']} requests in {cell['seconds']:.1f} s, "
                      f"{cell['rps']:.1f} req/s, p50 {cell['p50_ms']:.1f} ms, p99 {cell['p99_ms']:.1f} ms", file=sys.stderr)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=60)

    (work / "serve-results.json").write_text(json.dumps(results, indent=2))
    print(f"{results['facts']:,} facts, {results['quads']:,} quads; supply-flows for <{supplier}>: {results['rows']} rows; "
          f"path to <{target}>: {results['path_length']} hops; {results['cpus']} CPUs shared by the clients and the servers\n")
    print("| request | clients | requests | requests/s | p50 | p99 |")
    print("|---|---|---|---|---|---|")
    for cell in results["runs"]:
        print(f"| {cell['what']} | {cell['clients']} | {cell['requests']} | {cell['rps']:,.1f} | "
              f"{cell['p50_ms']:,.1f} ms | {cell['p99_ms']:,.1f} ms |")


if __name__ == "__main__":
    main()
