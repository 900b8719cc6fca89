//! `actorgraph path`: how two nodes connect, hop by hop, with the evidence for each hop; one
//! lookup, or a batch of them read line by line.

use super::export::dot_options;
use super::remote::LookupData;
use super::{colour_on_stdout, output, Outcome};
use crate::cli::{PathArgs, PathFormat, StoreArgs};
use actorgraph::graph::Projection;
use actorgraph::ops::diagrams;
use actorgraph::ops::paths::{BatchFinder, BatchLine, PathRequest};
use actorgraph::render::path_text::Colour;
use actorgraph::render::{
    self,
    path_json::{BatchQuery, BatchRecord},
};
use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};

pub(super) fn run(store_args: &StoreArgs, args: PathArgs) -> Result<Outcome> {
    let endpoint = &args.endpoint;
    if args.k == 0 {
        bail!("-k must be at least 1");
    }
    let data = LookupData::open(store_args, endpoint, args.walk)?;
    if let Some(batch) = &args.batch {
        return run_batch(&data.projection(endpoint.refresh)?, batch, &args);
    }
    let request = PathRequest {
        from: args.from.clone(),
        to: args.to.clone(),
        from_type: args.from_type.clone(),
        to_type: args.to_type.clone(),
        k: args.k,
        max_hops: args.max_hops,
        filter: (&args.filter).into(),
        profile: if args.strict { Some(actorgraph::search::Profile::Strict) } else { args.profile.map(Into::into) },
    };
    let (projection, lookup) = data.paths(&request, args.walk, endpoint.refresh)?;
    let mut out = output(None)?;
    match args.format {
        PathFormat::Text => render::path_text::write_paths(&lookup.report, Colour(colour_on_stdout()), &mut out)?,
        PathFormat::Json => render::path_json::write_paths(&lookup.report, &mut out)?,
        PathFormat::Tsv => render::path_tsv::write_paths(&lookup.report, &mut out)?,
        PathFormat::Dot => {
            let diagram = diagrams::of_paths(&projection, &lookup, args.picture.footnotes);
            render::dot::write(&diagram, dot_options(&args.picture, true), &mut out)?;
        }
    }
    out.flush()?;
    Ok(Outcome::from_found(!lookup.is_empty()))
}

/// `path --batch`: FROM<TAB>TO per line in, one JSON record per line out, each written as soon
/// as it is known (for scripts on a pipe).
fn run_batch(projection: &Projection, batch: &str, args: &PathArgs) -> Result<Outcome> {
    let reader: Box<dyn BufRead> = if batch == "-" {
        Box::new(BufReader::new(io::stdin().lock()))
    } else {
        Box::new(BufReader::new(File::open(batch).with_context(|| format!("cannot open batch file {batch}"))?))
    };
    let finder = BatchFinder::new(projection, &(&args.filter).into(), args.k, args.max_hops)?;
    // Lines are read one at a time, so each answer goes out before the next line comes in.
    let mut read_error = None;
    let mut numbered = reader.lines().enumerate();
    let lines = std::iter::from_fn(|| loop {
        let (number, line) = numbered.next()?;
        match line {
            Ok(text) => match BatchLine::parse(number + 1, &text) {
                Some(line) => return Some(line),
                None => continue,
            },
            Err(error) => {
                read_error =
                    Some(anyhow::Error::new(error).context(format!("cannot read line {} of {batch}", number + 1)));
                return None;
            }
        }
    });
    let mut out = output(None)?;
    let (mut any_error, mut any_none) = (false, false);
    finder.run(lines, |line, result| -> Result<()> {
        let query = BatchQuery { from: &line.from, to: &line.to };
        let record = match &result {
            Ok(report) => {
                any_none |= report.paths.is_empty();
                let status = if report.paths.is_empty() { "none" } else { "found" };
                BatchRecord { line: line.line, query, status, error: None, report: Some(report) }
            }
            Err(error) => {
                any_error = true;
                BatchRecord { line: line.line, query, status: "error", error: Some(format!("{error:#}")), report: None }
            }
        };
        render::path_json::write_batch_record(&record, &mut out)?;
        out.flush()?;
        Ok(())
    })?;
    if let Some(error) = read_error {
        return Err(error);
    }
    if any_error {
        bail!("some lines of {batch} could not be looked up (see their \"error\" fields)");
    }
    Ok(Outcome::from_found(!any_none))
}
