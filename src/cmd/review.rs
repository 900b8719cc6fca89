//! `actorgraph review`: each fact beside the lines it cites, from the user's copies of the
//! documents; with `--check`, only the findings, and a negative answer (exit 1) when there are any.

use super::{open_store, output, Outcome};
use crate::cli::{ReviewArgs, ReviewFormat, StoreArgs};
use actorgraph::graph::Projection;
use actorgraph::render;
use actorgraph::views::review::{self, ReviewRequest};
use anyhow::{Context, Result};
use std::io::Write;

pub(super) fn run(store_args: &StoreArgs, args: ReviewArgs) -> Result<Outcome> {
    let store = open_store(store_args)?;
    let projection = Projection::load_or_build(&store)?;
    let request = ReviewRequest {
        sources: args.sources.clone(),
        file: args.file.clone(),
        fact: args.fact.clone(),
        class: args.class.clone(),
        confidence: args.confidence.clone(),
        flagged_only: args.check,
    };
    let review = review::review(&store, &projection, &request).context("cannot review the data")?;
    let mut out = output(args.output.as_deref())?;
    match (args.format, args.check) {
        (ReviewFormat::Text, true) => render::review::write_findings(&review, &mut out)?,
        (ReviewFormat::Text, false) => render::review::write_text(&review, &mut out)?,
        (ReviewFormat::Markdown, _) => render::review::write_markdown(&review, &mut out)?,
        (ReviewFormat::Html, _) => render::review::write_html(&review, &mut out)?,
        (ReviewFormat::Json, _) => render::report::write_json(&review, &mut out)?,
    }
    out.flush()?;
    if args.check {
        if !review.findings.is_empty() {
            eprintln!("review --check: {} findings", review.findings.len());
        }
        Ok(Outcome::from_found(review.findings.is_empty()))
    } else {
        Ok(Outcome::from_found(!review.items.is_empty()))
    }
}
