#!/usr/bin/env python3
"""FtM import throughput: `actorgraph import ftm` on a generated file of FollowTheMoney entities,
against `actorgraph load` of the very same data as N-Triples, in one run on one machine.

    cargo build --release --locked
    python3 benches/ftm.py --entities 1000000

The generator writes entities shaped like OpenSanctions' (companies, people, addresses,
ownerships with shares and dates, directorships, family links, sanctions from several lists),
deterministically from --seed. The N-Triples peer is what the import itself stored, dumped from
its graph, so both sides write the same triples. Each command runs on a fresh store under
/usr/bin/time (wall time, peak RSS), on a store already holding the bundled data, --repeat times, and the median is reported, with entities
and triples per second and the ratio of the two. Results go to stdout as a Markdown table and to
WORK/ftm-results.json. Nothing here runs in CI.
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
SYLLABLES = ["ka", "lo", "vi", "nor", "tek", "zal", "mir", "sta", "pro", "gen", "dar", "vol", "ros", "tan", "li", "ber"]
FIRST = ["Ivan", "Olga", "Sergei", "Maria", "Nikita", "Anna", "Pavel", "Elena", "Wei", "Li", "Chen", "Svetlana"]
FORMS = ["LLC", "JSC", "OOO", "Co. Ltd", "GmbH", "Limited"]
LISTS = ["us_ofac_sdn", "eu_fsf", "gb_fcdo_sanctions", "ch_seco_sanctions", "ua_nsdc_sanctions"]
REGISTRIES = ["ext_ru_egrul", "ext_gleif"]


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def seen(rng):
    year = rng.randint(2019, 2025)
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T00:00:00"


def entity(eid, schema, properties, datasets, rng):
    first = seen(rng)
    return {
        "id": eid,
        "schema": schema,
        "properties": properties,
        "datasets": datasets,
        "first_seen": first,
        "last_seen": max(first, seen(rng)),
    }


def generate(path, count, seed):
    """Writes `count` entities in clusters of ten: 3 companies, 2 people, an address, 2
    ownerships, a directorship, and a sanction or a family link."""
    rng = random.Random(seed)
    written = 0
    with open(path, "w") as out:
        cluster = 0
        while written < count:
            c = f"c{cluster}"
            ids = []
            batch = []
            for i in range(3):
                name = f"{word(rng)} {word(rng)} {rng.choice(FORMS)}"
                props = {"name": [name], "country": [rng.choice(["ru", "cn", "by", "ae", "tr"])],
                         "innCode": [str(rng.randint(10**9, 10**10 - 1))],
                         "incorporationDate": [f"{rng.randint(1992, 2022)}-{rng.randint(1, 12):02d}-01"]}
                batch.append(entity(f"{c}-co{i}", "Company", props, [rng.choice(REGISTRIES)], rng))
                ids.append(f"{c}-co{i}")
            for i in range(2):
                props = {"name": [f"{rng.choice(FIRST)} {word(rng)}ov"], "birthDate": [f"{rng.randint(1950, 1995)}"],
                         "nationality": ["ru"]}
                batch.append(entity(f"{c}-p{i}", "Person", props, [rng.choice(REGISTRIES + LISTS)], rng))
            batch.append(entity(f"{c}-a", "Address", {"full": [f"{rng.randint(1, 99)} {word(rng)} street, {word(rng)}"],
                                                       "country": ["ru"]}, [REGISTRIES[0]], rng))
            for i, (owner, asset) in enumerate([(f"{c}-p0", f"{c}-co0"), (f"{c}-co0", f"{c}-co1")]):
                props = {"owner": [owner], "asset": [asset], "percentage": [str(rng.choice([12, 25, 49, 50, 51, 75, 100]))],
                         "startDate": [f"{rng.randint(2000, 2020)}-01-01"]}
                if rng.random() < 0.3:
                    props["endDate"] = [f"{rng.randint(2021, 2025)}-06-30"]
                batch.append(entity(f"{c}-own{i}", "Ownership", props, [REGISTRIES[0]], rng))
            batch.append(entity(f"{c}-dir", "Directorship", {"director": [f"{c}-p1"], "organization": [f"{c}-co2"],
                                                              "role": ["General Director"]}, [REGISTRIES[0]], rng))
            if rng.random() < 0.5:
                authority = rng.choice(LISTS)
                batch.append(entity(f"{c}-s", "Sanction", {"entity": [rng.choice(ids + [f"{c}-p0"])],
                                                            "authority": [authority], "program": ["RUSSIA-EO14024"],
                                                            "startDate": [f"{rng.randint(2014, 2025)}-02-24"]},
                                    [authority], rng))
            else:
                batch.append(entity(f"{c}-fam", "Family", {"person": [f"{c}-p0"], "relative": [f"{c}-p1"],
                                                            "relationship": ["sibling"]}, [rng.choice(LISTS)], rng))
            for e in batch[: count - written]:
                out.write(json.dumps(e, ensure_ascii=False) + "\n")
            written += min(len(batch), count - written)
            cluster += 1
    return written


def timed(command, **kwargs):
    """Runs a command under /usr/bin/time; returns (seconds, max RSS in MiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        result = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", stats.name, *map(str, command)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
        if result.returncode != 0:
            sys.exit(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{result.stderr}")
        seconds, kib = Path(stats.name).read_text().split()[-2:]
    return float(seconds), int(kib) / 1024, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    parser.add_argument("--actorgraph", default=f"{target}/release/actorgraph")
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", default=str(ROOT / "benches" / "out"))
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    binary = Path(args.actorgraph)
    if not binary.is_file():
        sys.exit(f"{binary}: build it first (cargo build --release --locked) or give --actorgraph")

    data = work / f"ftm-{args.entities}-{args.seed}.ftm.json"
    if not data.exists():
        print(f"generating {args.entities:,} entities into {data}", file=sys.stderr)
        generate(data, args.entities, args.seed)
    dataset = "bench"
    graph = f"https://w3id.org/actorgraph/ftm/graph/{dataset}"

    def fresh_store():
        """A new store holding the bundled data, made before the timing starts."""
        store = work / "ftm-store"
        shutil.rmtree(store, ignore_errors=True)
        subprocess.run([binary, "--store", store, "stats"], stdout=subprocess.DEVNULL, check=True)
        return store

    import_runs, load_runs = [], []
    triples_file = work / f"ftm-{args.entities}-{args.seed}.nt"
    for _ in range(args.repeat):
        store = fresh_store()
        import_runs.append(timed([binary, "--store", store, "import", "ftm", "--bulk", "always", "--no-link",
                                  "--dataset", dataset, data])[:2])
        if not triples_file.exists():
            partial = triples_file.with_suffix(".partial")
            with open(partial, "w") as out:
                subprocess.run([binary, "--store", store, "dump", "--graph", graph, "--format", "ntriples"],
                               stdout=out, check=True)
            partial.rename(triples_file)
    triples = sum(1 for _ in open(triples_file))
    for _ in range(args.repeat):
        store = fresh_store()
        load_runs.append(timed([binary, "--store", store, "load", "--bulk", "always", "--graph", graph,
                                triples_file])[:2])
    shutil.rmtree(work / "ftm-store", ignore_errors=True)

    def summary(runs):
        seconds = statistics.median(r[0] for r in runs)
        return {"seconds": seconds, "max_rss_mib": statistics.median(r[1] for r in runs),
                "entities_per_second": args.entities / seconds, "triples_per_second": triples / seconds}

    results = {"machine": os.uname().machine, "cpus": os.cpu_count(), "entities": args.entities,
               "triples": triples, "input_mib": data.stat().st_size / 2**20,
               "import_ftm": summary(import_runs), "load_ntriples": summary(load_runs)}
    results["import_vs_load_time"] = results["import_ftm"]["seconds"] / results["load_ntriples"]["seconds"]
    (work / "ftm-results.json").write_text(json.dumps(results, indent=2))
    print(f"{args.entities:,} FtM entities ({results['input_mib']:.0f} MiB) = {triples:,} triples; "
          f"median of {args.repeat} on {results['cpus']} CPUs\n")
    print("| command | seconds | entities/s | triples/s | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for name, key in [("import ftm --bulk", "import_ftm"), ("load --bulk (same data as N-Triples)", "load_ntriples")]:
        r = results[key]
        print(f"| {name} | {r['seconds']:.1f} | {r['entities_per_second']:,.0f} | {r['triples_per_second']:,.0f} | "
              f"{r['max_rss_mib']:.0f} |")
    print(f"\nimport takes {results['import_vs_load_time']:.2f}x the time of loading the same triples")


if __name__ == "__main__":
    main()
