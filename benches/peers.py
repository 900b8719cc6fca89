#!/usr/bin/env python3
"""The peers actorgraph's path lookups are measured against, run on the same store and pairs.

    python3 benches/peers.py sparql   STORE_DIR PAIRS.tsv [--budget SECONDS]
    python3 benches/peers.py networkx STORE_DIR PAIRS.tsv

`sparql` opens the store's Oxigraph database read-only with pyoxigraph (the same Oxigraph
version actorgraph embeds) and asks, for each pair, the SPARQL 1.1 property-path question
"is B reachable from A over the traversal relations, either way?". `networkx` reads the same
derived edges into an undirected networkx graph and runs a bidirectional breadth-first
shortest path per pair. Each prints one JSON object with its timings and answers.
"""

import argparse
import json
import sys
import time

DERIVED = "https://w3id.org/actorgraph/graph/derived"


def read_pairs(path):
    pairs = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                a, b = line.split("\t")
                pairs.append((a.strip("<>"), b.strip("<>")))
    return pairs


def traversal_properties(store):
    """Every derived property the ontology declares (those with a property chain)."""
    query = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
               SELECT DISTINCT ?p WHERE { ?p owl:propertyChainAxiom ?chain }"""
    return sorted(row["p"].value for row in store.query(query, use_default_graph_as_union=True))


def sparql(args):
    import pyoxigraph

    started = time.perf_counter()
    store = pyoxigraph.Store.read_only(args.store + "/oxigraph")
    properties = traversal_properties(store)
    path = "|".join(f"<{p}>|^<{p}>" for p in properties)
    opened = time.perf_counter() - started
    pairs = read_pairs(args.pairs)
    answers = []
    timings = []
    deadline = time.perf_counter() + args.budget
    for a, b in pairs:
        if time.perf_counter() > deadline:
            break
        query = f"ASK {{ <{a}> ({path})+ <{b}> }}"
        t0 = time.perf_counter()
        answers.append(bool(store.query(query, use_default_graph_as_union=True)))
        timings.append(time.perf_counter() - t0)
    json.dump(
        {
            "peer": "pyoxigraph SPARQL property path",
            "open_seconds": opened,
            "asked": len(answers),
            "of": len(pairs),
            "reachable": sum(answers),
            "query_seconds_total": sum(timings),
            "query_seconds_median": sorted(timings)[len(timings) // 2] if timings else None,
            "answers": answers,
        },
        sys.stdout,
    )


def networkx(args):
    import networkx as nx
    import pyoxigraph

    started = time.perf_counter()
    store = pyoxigraph.Store.read_only(args.store + "/oxigraph")
    graph = nx.Graph()
    for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(DERIVED)):
        graph.add_edge(quad.subject.value, quad.object.value)
    built = time.perf_counter() - started
    pairs = read_pairs(args.pairs)
    answers = []
    t0 = time.perf_counter()
    for a, b in pairs:
        try:
            answers.append(len(nx.bidirectional_shortest_path(graph, a, b)) - 1)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            answers.append(None)
    queried = time.perf_counter() - t0
    json.dump(
        {
            "peer": "networkx bidirectional shortest path",
            "build_seconds": built,
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "query_seconds_total": queried,
            "found": sum(1 for a in answers if a is not None),
            "answers": answers,
        },
        sys.stdout,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("peer", choices=["sparql", "networkx"])
    parser.add_argument("store")
    parser.add_argument("pairs")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds of SPARQL queries at most")
    args = parser.parse_args()
    {"sparql": sparql, "networkx": networkx}[args.peer](args)


if __name__ == "__main__":
    main()
