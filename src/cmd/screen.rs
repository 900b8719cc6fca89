//! `actorgraph screen`: a list of counterparties matched against the graph and screened for
//! sanctions exposure. Exit 0 when nobody on the list is exposed, 1 when someone is, 2 on error,
//! so that a script can branch on it.

use super::{open_store, output, Outcome};
use crate::cli::{ScreenArgs, ScreenInput, ScreenOutput, StoreArgs};
use actorgraph::graph::Projection;
use actorgraph::ops::diagrams;
use actorgraph::ops::screen::{read_list, screen, ListFormat, ScreenOptions, ScreenQuery, ScreenRow};
use actorgraph::render::{self, dot::DotOptions, graphviz};
use anyhow::{anyhow, bail, Context, Result};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

pub(super) fn run(store_args: &StoreArgs, args: ScreenArgs) -> Result<Outcome> {
    if !(0.0..=1.0).contains(&args.threshold) {
        bail!("--threshold {}: give a score between 0 and 1", args.threshold);
    }
    let mut rows = match &args.file {
        Some(path) => read_list_file(path, args.input_format)?,
        None => Vec::new(),
    };
    for name in &args.name {
        if name.trim().is_empty() {
            bail!("--name: give a name to screen, not an empty string");
        }
        let query = ScreenQuery { name: name.trim().to_owned(), ..ScreenQuery::default() };
        rows.push(ScreenRow { line: None, query });
    }
    if rows.is_empty() {
        eprintln!("warning: nothing to screen: the list has no rows");
    }
    let store = open_store(store_args)?;
    let projection = Projection::load_or_build(&store)?;
    let options = ScreenOptions {
        threshold: args.threshold,
        max_matches: args.max_matches,
        paths: args.paths,
        max_hops: args.max_hops,
        as_of: args.as_of.clone(),
    };
    let results = screen(&store, &projection, &rows, &options)?;
    let mut out = output(args.output.as_deref())?;
    match args.format {
        ScreenOutput::Jsonl => render::screen::write_jsonl(&results, &mut out)?,
        ScreenOutput::Markdown => render::screen::write_markdown(&results, &mut out)?,
        ScreenOutput::Html => {
            // A diagram of each exposed match's paths, as SVG when Graphviz is there.
            let mut pictures = HashMap::new();
            if graphviz::is_installed() {
                for (r, result) in results.iter().enumerate() {
                    for (m, found) in result.matches.iter().enumerate() {
                        let Some(lookup) = found.lookup.as_ref().filter(|l| !l.is_empty()) else { continue };
                        let mut dot = Vec::new();
                        render::dot::write(
                            &diagrams::of_paths(&projection, lookup, false),
                            DotOptions::default(),
                            &mut dot,
                        )?;
                        let mut svg = Vec::new();
                        graphviz::render(&dot, graphviz::ImageFormat::Svg, 96, &mut svg)?;
                        pictures.insert((r, m), String::from_utf8_lossy(&svg).into_owned());
                    }
                }
            }
            render::screen::write_html(&results, &pictures, &mut out)?;
        }
    }
    out.flush()?;
    let exposed = results.iter().filter(|r| r.is_exposed()).count();
    if exposed > 0 {
        eprintln!("{exposed} of {} rows exposed", results.len());
    }
    // The positive answer to "is this list clear?" is 0.
    Ok(if exposed == 0 { Outcome::Found } else { Outcome::NothingFound })
}

/// The rows of a list file (or standard input for `-`), laid out as `--input-format` says or as
/// its extension suggests.
fn read_list_file(path: &Path, layout: Option<ScreenInput>) -> Result<Vec<ScreenRow>> {
    if path.is_dir() {
        bail!("{}: a directory, not a list", path.display());
    }
    if path.metadata().is_ok_and(|m| m.is_file() && m.len() == 0) {
        bail!("{}: the file is empty; a list starts with a header row naming a `name` column", path.display());
    }
    let layout = match layout {
        Some(layout) => layout.into(),
        None => ListFormat::from_path(path).ok_or_else(|| {
            anyhow!(
                "{}: cannot tell the list's layout from its name; give --input-format csv|tsv|jsonl",
                path.display()
            )
        })?,
    };
    Ok(if path.as_os_str() == "-" {
        read_list(path, io::stdin().lock(), layout)?
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        read_list(path, file, layout)?
    })
}
