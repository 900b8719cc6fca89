#!/usr/bin/env python3
"""Generates a synthetic actorgraph dataset in N-Triples, for benchmarks.

The graph uses the actorgraph ontology the way the bundled data does: entities (states,
firms, factions, people, goods) and facts (supply flows, memberships, influence, sanctions,
locations), each fact with one evidence record. About 4.5 path-graph edges come out of each
fact (derived edges plus role edges), so `--facts 230000` gives a path graph of over a million
edges and an N-Triples file of about two million triples.

    python3 benches/generate.py --facts 230000 --seed 7 > big.nt

Deterministic for a given seed. Standard library only.
"""

import argparse
import random
import sys

AG = "https://w3id.org/actorgraph/ontology#"
BX = "http://bench.example/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
LEVELS = ["Documented", "Reported", "Assessed", "Claimed", "Alleged"]


def ag(local):
    return f"<{AG}{local}>"


def bx(local):
    return f"<{BX}{local}>"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=int, default=230_000, help="number of facts (default 230000)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    write = out.write

    scale = max(1, args.facts // 1000)
    kinds = {
        "State": 50 + scale // 5,
        "Firm": 20 * scale,
        "Faction": 2 * scale,
        "Person": 10 * scale,
        "Good": 300 + scale,
    }
    entities = {}
    for kind, count in kinds.items():
        entities[kind] = [f"{kind.lower()}{i}" for i in range(count)]

    documents = [f"doc{i}" for i in range(10)]
    for doc in documents:
        write(f"{bx(doc)} {RDF_TYPE} {ag('SourceDocument')} .\n")
        write(f'{bx(doc)} {RDFS_LABEL} "Benchmark document {doc}" .\n')
        write(f'{bx(doc)} {ag("fileName")} "{doc}.txt" .\n')

    evidence_counter = 0

    def evidence(subject):
        nonlocal evidence_counter
        evidence_counter += 1
        node = f"_:e{evidence_counter}"
        write(f"{subject} {ag('evidence')} {node} .\n")
        write(f"{node} {ag('source')} {bx(rng.choice(documents))} .\n")
        write(f'{node} {ag("lineStart")} "{rng.randint(1, 500)}"^^<{XSD}integer> .\n')
        write(f"{node} {ag('confidence')} {ag(rng.choice(LEVELS))} .\n")

    for kind, names in entities.items():
        for name in names:
            subject = bx(name)
            write(f"{subject} {RDF_TYPE} {ag(kind)} .\n")
            write(f'{subject} {RDFS_LABEL} "{kind} {name[len(kind):]}" .\n')
            evidence(subject)

    actors = entities["State"] + entities["Firm"]
    for n in range(args.facts):
        fact = bx(f"fact{n}")
        roll = rng.random()
        if roll < 0.5:
            write(f"{fact} {RDF_TYPE} {ag('SupplyFlow')} .\n")
            supplier, recipient = rng.sample(actors, 2)
            write(f"{fact} {ag('supplier')} {bx(supplier)} .\n")
            write(f"{fact} {ag('recipient')} {bx(recipient)} .\n")
            write(f"{fact} {ag('good')} {bx(rng.choice(entities['Good']))} .\n")
            write(f'{fact} {ag("date")} "{rng.randint(2015, 2025)}"^^<{XSD}gYear> .\n')
            write(f'{fact} {ag("quantity")} "{rng.randint(1, 5000)}"^^<{XSD}integer> .\n')
            write(f"{fact} {ag('unit')} {ag('Tonne')} .\n")
        elif roll < 0.65:
            write(f"{fact} {RDF_TYPE} {ag('Membership')} .\n")
            member = rng.choice(entities["Person"] + entities["Firm"][: len(entities["Firm"]) // 4])
            write(f"{fact} {ag('member')} {bx(member)} .\n")
            write(f"{fact} {ag('organisation')} {bx(rng.choice(entities['Faction'] + entities['State']))} .\n")
        elif roll < 0.8:
            write(f"{fact} {RDF_TYPE} {ag('Influence')} .\n")
            write(f"{fact} {ag('influencer')} {bx(rng.choice(entities['Faction'] + entities['Person']))} .\n")
            write(f"{fact} {ag('influenced')} {bx(rng.choice(entities['Person'] + entities['State']))} .\n")
        elif roll < 0.9:
            write(f"{fact} {RDF_TYPE} {ag('Sanction')} .\n")
            write(f"{fact} {ag('authority')} {bx(rng.choice(entities['State']))} .\n")
            write(f"{fact} {ag('target')} {bx(rng.choice(entities['Firm']))} .\n")
            write(f'{fact} {ag("startDate")} "{rng.randint(2014, 2025)}"^^<{XSD}gYear> .\n')
        else:
            write(f"{fact} {RDF_TYPE} {ag('Location')} .\n")
            write(f"{fact} {ag('locatedEntity')} {bx(rng.choice(entities['Firm']))} .\n")
            write(f"{fact} {ag('place')} {bx(rng.choice(entities['State']))} .\n")
        evidence(fact)


if __name__ == "__main__":
    main()
