"""Validates actorgraph's FollowTheMoney export with the `followthemoney` package itself and
prints what it holds as JSON.

usage: validate_ftm.py FILE

Each line must be a JSON object FtM reads: a known, non-abstract schema; only properties that
schema has (FtM resolves inherited ones), as lists of strings; ids unique. Entities actorgraph
made (datasets ["actorgraph"]) must besides have values valid for their property types
(schema.validate), the properties their schema requires, and entity-valued properties naming
entities of the file. Imported entities go back as they came, flaws of the source included (an
OpenSanctions record may name addresses it does not carry); the round-trip test checks those.
Exits non-zero listing every problem; otherwise prints
{"entities", "schemata": {schema: count}, "edges": [[schema, source, target]]}.
"""

import collections
import json
import sys

from followthemoney import model


def main() -> None:
    path = sys.argv[1]
    problems = []
    entities = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                entities.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                problems.append(f"{path}:{number}: not JSON: {error}")
    ids = collections.Counter(data.get("id") for _, data in entities)
    problems += [f"id {id_!r} used {n} times" for id_, n in ids.items() if n > 1]
    schemata = collections.Counter()
    edges = []
    for number, data in entities:
        where = f"{path}:{number} ({data.get('id')})"
        schema = model.get(data.get("schema"))
        if schema is None or schema.abstract:
            problems.append(f"{where}: no concrete schema {data.get('schema')!r}")
            continue
        schemata[schema.name] += 1
        properties = data.get("properties", {})
        made_here = data.get("datasets") == ["actorgraph"]
        for name, values in properties.items():
            prop = schema.get(name)
            if prop is None:
                problems.append(f"{where}: {schema.name} has no property {name!r}")
                continue
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                problems.append(f"{where}: {name} is not a list of strings")
                continue
            if prop.type.name == "entity" and made_here:
                for value in values:
                    if value not in ids:
                        problems.append(f"{where}: {name} names {value!r}, not in the file")
        if made_here:
            try:
                schema.validate(data)
            except Exception as error:  # FtM's InvalidData carries the per-property messages
                problems.append(f"{where}: {error} {getattr(error, 'errors', '')}")
            for required in schema.required:
                if not properties.get(required):
                    problems.append(f"{where}: {schema.name} requires {required!r}")
        proxy = model.get_proxy(data, cleaned=False)
        if schema.edge and proxy.get(schema.edge_source) and proxy.get(schema.edge_target):
            for source in proxy.get(schema.edge_source):
                for target in proxy.get(schema.edge_target):
                    edges.append([schema.name, source, target])
    if problems:
        sys.exit("\n".join(problems))
    json.dump({"entities": len(entities), "schemata": dict(schemata), "edges": sorted(edges)}, sys.stdout)


if __name__ == "__main__":
    main()
