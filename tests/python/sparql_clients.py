"""Real SPARQL clients against a running `actorgraph serve --writable`: SPARQLWrapper (every
return format, GET and both POST styles, an update with the bearer token, a syntax error) and
rdflib (SPARQLStore reads through the default and a named graph, SPARQLUpdateStore writes).

Usage: sparql_clients.py BASE_URL TOKEN   (run by tests/integration/clients.rs)
"""

import sys

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

BASE, TOKEN = sys.argv[1], sys.argv[2]
ENDPOINT = f"{BASE}/sparql"
AGD = "https://w3id.org/actorgraph/data/"
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
CHINA = URIRef(AGD + "China")
ENTITIES = URIRef("https://w3id.org/actorgraph/graph/bundled/data/entities.ttl")
checks = []


def check(name, condition, detail=""):
    checks.append(name)
    if not condition:
        raise AssertionError(f"{name}: {detail}")


def wrapper(query, return_format=None, method=GET, request_method=URLENCODED):
    sparql = SPARQLWrapper(ENDPOINT)
    sparql.setQuery(query)
    sparql.setMethod(method)
    sparql.setRequestMethod(request_method)
    if return_format:
        sparql.setReturnFormat(return_format)
    return sparql.query()


SELECT = "SELECT ?label WHERE { agd:China rdfs:label ?label }"

# SPARQLWrapper, SELECT: XML by default (it also sends format=, output=, results= parameters).
xml = wrapper(SELECT).convert()
check("SPARQLWrapper SELECT as XML", "China" in xml.toxml(), xml.toxml()[:300])
for method, request_method in [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]:
    rows = wrapper(SELECT, JSON, method, request_method).convert()["results"]["bindings"]
    check(f"SPARQLWrapper SELECT as JSON, {method} {request_method}", rows == [
        {"label": {"type": "literal", "value": "China"}}
    ], rows)
csv = wrapper(SELECT, CSV).convert().decode()
check("SPARQLWrapper SELECT as CSV", csv.replace("\r\n", "\n") == "label\nChina\n", csv)
tsv = wrapper(SELECT, TSV).convert().decode()
check("SPARQLWrapper SELECT as TSV", tsv == '?label\n"China"\n', tsv)
ask = wrapper("ASK { agd:China ?p ?o }", JSON).convert()
check("SPARQLWrapper ASK", ask.get("boolean") is True, ask)

CONSTRUCT = "CONSTRUCT { agd:China rdfs:label ?label } WHERE { agd:China rdfs:label ?label }"
graph = wrapper(CONSTRUCT).convert()  # RDF/XML by default, parsed by rdflib
check("SPARQLWrapper CONSTRUCT as RDF/XML", (CHINA, RDFS_LABEL, Literal("China")) in graph, graph.serialize())
for return_format, rdflib_format in [(TURTLE, "turtle"), (RDFXML, "xml"), (JSONLD, "json-ld")]:
    result = wrapper(CONSTRUCT, return_format).convert()
    parsed = result if isinstance(result, Graph) else Graph().parse(data=result, format=rdflib_format)
    check(f"SPARQLWrapper CONSTRUCT as {return_format}", (CHINA, RDFS_LABEL, Literal("China")) in parsed)

try:
    wrapper("SELECT * WHERE { ?s ?p ", JSON)
    check("SPARQLWrapper sees a syntax error", False, "no exception")
except QueryBadFormed as error:
    check("SPARQLWrapper sees a syntax error", "line 1" in str(error), str(error))

# SPARQLWrapper updates: refused without the token, done with it.
INSERT = "INSERT DATA { GRAPH <http://clients.example/g> { <http://clients.example/a> <http://clients.example/p> 'from SPARQLWrapper' } }"
update = SPARQLWrapper(ENDPOINT, updateEndpoint=ENDPOINT)
update.setMethod(POST)
update.setQuery(INSERT)
try:
    update.query()
    check("SPARQLWrapper update without the token", False, "accepted")
except Unauthorized:
    check("SPARQLWrapper update without the token", True)
update.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
for request_method in [URLENCODED, POSTDIRECTLY]:
    update.setRequestMethod(request_method)
    response = update.query()
    check(f"SPARQLWrapper update, {request_method}", response.response.status in (200, 204), response.response.status)
rows = wrapper(
    "SELECT ?o WHERE { GRAPH <http://clients.example/g> { ?s ?p ?o } }", JSON
).convert()["results"]["bindings"]
check("SPARQLWrapper reads its update", [r["o"]["value"] for r in rows] == ["from SPARQLWrapper"], rows)

# rdflib SPARQLStore: queries, triples(), a named graph through default-graph-uri, CONSTRUCT.
store = SPARQLStore(ENDPOINT)
rows = list(Graph(store=store).query("SELECT ?label WHERE { <%s> <%s> ?label }" % (CHINA, RDFS_LABEL)))
check("rdflib SPARQLStore SELECT", [str(r.label) for r in rows] == ["China"], rows)
labels = list(Graph(store=store).triples((CHINA, RDFS_LABEL, None)))
check("rdflib SPARQLStore triples()", [str(t[2]) for t in labels] == ["China"], labels)
named = Graph(store=store, identifier=ENTITIES)
in_entities = list(named.triples((CHINA, RDFS_LABEL, None)))
check("rdflib SPARQLStore named graph", len(in_entities) == 1, in_entities)
facts = Graph(store=store, identifier=URIRef("https://w3id.org/actorgraph/graph/bundled/data/sources.ttl"))
check("rdflib SPARQLStore: China's label is not in sources.ttl", list(facts.triples((CHINA, RDFS_LABEL, None))) == [])
constructed = Graph(store=store).query(
    "CONSTRUCT { ?s <%s> ?l } WHERE { ?s <%s> ?l FILTER(?s = <%s>) }" % (RDFS_LABEL, RDFS_LABEL, CHINA)
)
check("rdflib SPARQLStore CONSTRUCT", (CHINA, RDFS_LABEL, Literal("China")) in constructed.graph)
check("rdflib SPARQLStore ASK", bool(Graph(store=store).query("ASK { <%s> ?p ?o }" % CHINA).askAnswer))

# rdflib SPARQLUpdateStore with the bearer token: add, read back, remove.
writer = SPARQLUpdateStore(ENDPOINT, ENDPOINT, headers={"Authorization": f"Bearer {TOKEN}"}, autocommit=True)
target = Graph(store=writer, identifier=URIRef("http://clients.example/rdflib"))
triple = (URIRef("http://clients.example/b"), RDFS_LABEL, Literal("from rdflib"))
target.add(triple)
check("rdflib SPARQLUpdateStore add", triple in target, list(target))
target.remove(triple)
check("rdflib SPARQLUpdateStore remove", triple not in target, list(target))

print(f"{len(checks)} checks passed: " + "; ".join(checks))
