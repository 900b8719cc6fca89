//! The floor under the path-graph build: how long reading the store takes with nothing done
//! with what is read, beside the whole build, in one process on one store. `bench.py` runs it
//! after the headline load and sets its figures beside networkx's build (issue 15's target).
//!
//!     cargo build --release --locked --example read_floor
//!     $CARGO_TARGET_DIR/release/examples/read_floor STORE_DIR [RUNS]
//!
//! Prints one JSON object, each time the median of RUNS (default 3) runs:
//!   * `stated`: the build's own read (`scan_stated_shared` in `read_parts()` parts, as the
//!     build reads), every quad handed to a sink that only counts it;
//!   * `stated_one_thread`: the same quads read straight from the indexes, graph by graph, on
//!     one thread (`scan_stated`: whole quads, the predicate and graph decoded for each);
//!   * `derived`: the derived edges alone (what networkx's peer reads), on one thread;
//!   * `build`: the whole build from the same store, in memory (no cache written).

use actorgraph::graph::{read_parts, Projection};
use actorgraph::rdf::vocab::DERIVED_GRAPH;
use actorgraph::store::{Access, GraphStore, Location};
use anyhow::{bail, Context, Result};
use oxigraph::model::QuadRef;
use std::path::PathBuf;
use std::time::Instant;

// The binary's allocator (src/main.rs), so that reads and builds here allocate as they do there.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> Result<()> {
    let usage = "usage: read_floor STORE_DIR [RUNS]";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, runs) = match args.as_slice() {
        [dir] => (PathBuf::from(dir), 3),
        [dir, runs] => match runs.parse::<usize>() {
            Ok(runs) if runs > 0 => (PathBuf::from(dir), runs),
            _ => bail!("RUNS must be a whole number above 0, not {runs:?} ({usage})"),
        },
        _ => bail!("{usage}"),
    };
    // Opening a directory that is not there would make an empty store and time nothing.
    if !dir.join("oxigraph").is_dir() {
        bail!("no actorgraph store at {} (no oxigraph/ inside it)", dir.display());
    }
    let store = GraphStore::open(Location::Disk(dir.clone()), Access::Read)
        .with_context(|| format!("cannot open the store at {}", dir.display()))?;
    // As many parts as the build reads the store in.
    let parts = read_parts();

    let stated = median(runs, || {
        let mut counts = vec![0u64; parts];
        {
            let mut takers: Vec<_> = counts.iter_mut().map(|count| move |_: QuadRef<'_>| *count += 1).collect();
            let mut sinks: Vec<&mut (dyn FnMut(QuadRef<'_>) + Send)> =
                takers.iter_mut().map(|taker| taker as &mut (dyn FnMut(QuadRef<'_>) + Send)).collect();
            store.scan_stated_shared(&mut sinks)?;
        }
        Ok(counts.iter().sum())
    })?;
    if stated.0 == 0 {
        bail!("the store at {} states nothing to read", dir.display());
    }
    let stated_one_thread = median(runs, || {
        let mut count = 0u64;
        store.scan_stated(|_| count += 1)?;
        Ok(count)
    })?;
    let derived = median(runs, || Ok(store.graph_triples(DERIVED_GRAPH)?.len() as u64))?;
    let build = median(runs, || Ok(Projection::build(&store)?.edges_with_ids().count() as u64))?;
    println!(
        "{}",
        serde_json::json!({
            "parts": parts,
            "runs": runs,
            "stated": { "quads": stated.0, "seconds": stated.1 },
            "stated_one_thread": { "quads": stated_one_thread.0, "seconds": stated_one_thread.1 },
            "derived": { "quads": derived.0, "seconds": derived.1 },
            "build": { "edges": build.0, "seconds": build.1 },
        })
    );
    Ok(())
}

/// What `step` counted, and the median of its wall times over `runs` runs.
fn median(runs: usize, mut step: impl FnMut() -> Result<u64>) -> Result<(u64, f64)> {
    let mut times = Vec::with_capacity(runs);
    let mut counted = 0;
    for _ in 0..runs {
        let started = Instant::now();
        counted = step()?;
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok((counted, times[times.len() / 2]))
}
