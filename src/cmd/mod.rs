//! Runs one parsed command: one file per subcommand, each opening the store, calling the
//! library (`actorgraph::ops`, `views`, `store`) with `anyhow` context and handing the result to
//! a renderer. Errors go back to `main`, which prints them.

mod check;
mod completions;
mod dump;
mod export;
mod import;
mod link;
mod load;
mod man;
mod neighbours;
mod path;
mod push;
mod query;
mod remote;
mod review;
mod scan;
mod screen;
mod serve;
mod stats;
mod validate;

use crate::cli::{Cli, Command, HopFilterArgs, ImportCommand, StoreArgs};
use actorgraph::graph::Projection;
use actorgraph::ops::paths::FilterSpec;
use actorgraph::store::{Access, GraphStore, Location};
use anyhow::{anyhow, Context, Result};
use oxigraph::model::NamedNode;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// How a command ended when it did not fail: a positive answer (something found, the data
/// conforms) or a negative one (nothing found, the data does not conform).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Found,
    NothingFound,
}

impl Outcome {
    fn from_found(found: bool) -> Self {
        if found {
            Outcome::Found
        } else {
            Outcome::NothingFound
        }
    }
}

/// Runs the command the user gave.
pub(crate) fn run(cli: Cli) -> Result<Outcome> {
    let store = &cli.store;
    note_endpoint_unused(&cli.command);
    match cli.command {
        Command::Query(args) => query::run(store, args),
        Command::Queries(args) => query::catalogue(args.format),
        Command::Load(args) => load::run(store, args),
        Command::Import { what: ImportCommand::Ftm(args) } => import::ftm(store, args),
        Command::Link(args) => link::link(store, args),
        Command::Links(args) => link::links(store, args),
        Command::Dump(args) => dump::run(store, args),
        Command::Stats(args) => stats::run(store, args),
        Command::Validate(args) => validate::run(store, args),
        Command::Review(args) => review::run(store, args),
        Command::Check(args) => check::check(store, args),
        Command::Repair => check::repair(store),
        Command::Optimize => check::optimize(store),
        Command::Path(args) => path::run(store, args),
        Command::Neighbours(args) => neighbours::run(store, args),
        Command::Scan(args) => scan::run(store, args),
        Command::Screen(args) => screen::run(store, args),
        Command::Serve(args) => serve::run(store, args),
        Command::Export { what } => export::run(store, what),
        Command::Push(args) => push::run(store, args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

/// Says so when `ACTORGRAPH_ENDPOINT` names an endpoint but the command reads the local store
/// (only query, path, neighbours, the graph exports and push run on an endpoint).
fn note_endpoint_unused(command: &Command) {
    use crate::cli::ExportCommand as E;
    let local_only = match command {
        Command::Query(_) | Command::Path(_) | Command::Neighbours(_) | Command::Push(_) => false,
        Command::Export { what } => matches!(what, E::Ftm(_)),
        Command::Queries(_) | Command::Completions(_) | Command::Man(_) => false,
        _ => true,
    };
    if let Some(url) = std::env::var("ACTORGRAPH_ENDPOINT").ok().filter(|u| !u.trim().is_empty()) {
        if local_only {
            eprintln!("note: ACTORGRAPH_ENDPOINT is set ({url}), but this command reads the local store");
        }
    }
}

/// Opens the store for reading: the last committed state, alongside any writer.
fn open_store(args: &StoreArgs) -> Result<GraphStore> {
    open_with(args, Access::Read)
}

/// Opens the store for writing, waiting up to `--wait` seconds for another writer.
fn open_store_for_writing(args: &StoreArgs) -> Result<GraphStore> {
    if !(args.wait.is_finite() && args.wait >= 0.0) {
        anyhow::bail!("--wait {}: give a number of seconds, 0 or more", args.wait);
    }
    open_with(args, Access::Write { wait: std::time::Duration::from_secs_f64(args.wait) })
}

fn open_with(args: &StoreArgs, access: Access) -> Result<GraphStore> {
    GraphStore::open(store_location(args)?, access).context("cannot open the store")
}

/// Where `--store`, `--memory` or the default say the store is.
fn store_location(args: &StoreArgs) -> Result<Location> {
    Ok(if args.memory {
        Location::Memory
    } else {
        match &args.store {
            Some(dir) => Location::Disk(dir.clone()),
            None => Location::Disk(default_store_dir()?),
        }
    })
}

/// The platform data directory: ~/.local/share/actorgraph/store on Linux.
fn default_store_dir() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "actorgraph")
        .ok_or_else(|| anyhow!("cannot find a home directory for the store; use --store DIR or ACTORGRAPH_STORE"))?;
    Ok(dirs.data_dir().join("store"))
}

/// Standard output (or a file), buffered.
fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => {
            Box::new(BufWriter::new(File::create(path).with_context(|| format!("cannot create {}", path.display()))?))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// The path graph for a command that needs nothing else of the store, straight from the
/// memory-mapped cache when it is current for the snapshot readers see, without opening the
/// database; None when the store must be opened (to build the cache, or to repair).
fn mapped_projection(args: &StoreArgs) -> Result<Option<Projection>> {
    if args.memory {
        return Ok(None);
    }
    let dir = match &args.store {
        Some(dir) => dir.clone(),
        None => default_store_dir()?,
    };
    Ok(GraphStore::published_generation(&dir)
        .and_then(|generation| Projection::open_cached(&dir.join(actorgraph::graph::CACHE_FILE), generation)))
}

/// The path graph of the store, with a spinner on a terminal while it is read or built.
fn load_projection(store: &GraphStore) -> Result<Projection> {
    let bar = spinner("reading the path graph (built once per store state)");
    let projection = Projection::load_or_build(store);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(projection?)
}

/// A spinner with a message on standard error, when standard error is a terminal; nothing otherwise.
fn spinner(message: &str) -> Option<indicatif::ProgressBar> {
    io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    })
}

/// Whether standard output takes colour: a terminal, and neither `NO_COLOR` nor `CLICOLOR=0`
/// says otherwise (`CLICOLOR_FORCE` forces it), as anstream decides.
fn colour_on_stdout() -> bool {
    anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
}

/// A graph name as people type it: `<IRI>`, a bare IRI or a prefixed name.
fn parse_graph_name(iri: &str) -> Result<NamedNode> {
    let iri = iri.trim().trim_start_matches('<').trim_end_matches('>');
    let iri = actorgraph::rdf::vocab::expand_prefixed(iri).unwrap_or_else(|| iri.to_owned());
    NamedNode::new(&iri).with_context(|| format!("'{iri}' is not a valid graph IRI"))
}

impl From<&HopFilterArgs> for FilterSpec {
    fn from(args: &HopFilterArgs) -> Self {
        FilterSpec {
            via: args.via.clone(),
            exclude: args.exclude.clone(),
            directed: args.directed,
            min_confidence: args.min_confidence.clone(),
            as_of: args.as_of.clone(),
        }
    }
}
