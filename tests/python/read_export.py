"""Reads an actorgraph export with the reference library and prints what it holds as JSON.

usage: read_export.py graphml|gexf|cytoscape FILE

GraphML and GEXF are parsed by networkx (read_graphml, read_gexf); Cytoscape.js JSON is
validated against cytoscape.schema.json (jsonschema), its edges checked to name existing
nodes, and read by networkx.cytoscape_graph. The output names each edge's ends by their
`iri` attribute, so the Rust tests compare it with what the store says. Exits non-zero,
with the reader's error, when the file does not parse or validate.
"""

import json
import pathlib
import sys

import jsonschema
import networkx as nx


def main() -> None:
    fmt, path = sys.argv[1], sys.argv[2]
    graph_info = {}
    if fmt == "graphml":
        graph = nx.read_graphml(path)
    elif fmt == "gexf":
        graph = nx.read_gexf(path)
        graph_info = {"mode": graph.graph.get("mode")}
    elif fmt == "cytoscape":
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        schema_path = pathlib.Path(__file__).with_name("cytoscape.schema.json")
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
        ids = {node["data"]["id"] for node in data["elements"]["nodes"]}
        if len(ids) != len(data["elements"]["nodes"]):
            sys.exit("duplicate node ids")
        edge_ids = [edge["data"]["id"] for edge in data["elements"]["edges"]]
        if len(set(edge_ids)) != len(edge_ids) or set(edge_ids) & ids:
            sys.exit("edge ids repeat or clash with node ids")
        for edge in data["elements"]["edges"]:
            for end in ("source", "target"):
                if edge["data"][end] not in ids:
                    sys.exit(f"edge {edge['data']['id']} names a missing {end} {edge['data'][end]}")
        graph = nx.cytoscape_graph(data)
    else:
        sys.exit(f"unknown format {fmt}")
    nodes = {key: dict(attributes) for key, attributes in graph.nodes(data=True)}
    edges = []
    for source, target, attributes in graph.edges(data=True):
        edge = dict(attributes)
        edge["source_iri"] = nodes[source].get("iri")
        edge["target_iri"] = nodes[target].get("iri")
        edges.append(edge)
    out = {
        "directed": graph.is_directed(),
        "multigraph": graph.is_multigraph(),
        "graph": graph_info,
        "nodes": list(nodes.values()),
        "edges": edges,
    }
    json.dump(out, sys.stdout, default=str, sort_keys=True, ensure_ascii=False)


if __name__ == "__main__":
    main()
