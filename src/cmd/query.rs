//! `actorgraph query` and `actorgraph queries`: SPARQL with parameters bound as RDF terms, and the
//! catalogue of named queries.

use super::remote::Data;
use super::{output, Outcome};
use crate::cli::{QueryArgs, ReportFormat, StoreArgs};
use actorgraph::ops::catalog::NamedQuery;
use actorgraph::ops::query::{run_query_at, QueryText};
use actorgraph::rdf::param::{parse_param, Param};
use actorgraph::render;
use anyhow::{bail, Context, Result};
use std::io::{self, IsTerminal, Read, Write};

pub(super) fn run(store_args: &StoreArgs, args: QueryArgs) -> Result<Outcome> {
    let endpoint = &args.endpoint;
    let query = query_text(args.query.as_deref(), args.expression.as_deref())?;
    let params = parse_params(&args.params)?;
    let data = Data::open(store_args, endpoint)?;
    let results = run_query_at(data.target(), &query, &params)?;
    let on_terminal = args.output.is_none() && io::stdout().is_terminal();
    let mut out = output(args.output.as_deref())?;
    let count = render::results::write_results(results, args.format.map(Into::into), on_terminal, &mut out)?;
    out.flush()?;
    Ok(Outcome::from_found(count > 0))
}

pub(super) fn catalogue(format: ReportFormat) -> Result<Outcome> {
    let queries = NamedQuery::bundled();
    let mut out = output(None)?;
    match format {
        ReportFormat::Text => render::report::write_catalogue(&queries, &mut out)?,
        ReportFormat::Json => render::report::write_json(&queries, &mut out)?,
    }
    out.flush()?;
    Ok(Outcome::Found)
}

/// Every `--param NAME=VALUE` as a variable and an RDF term.
pub(super) fn parse_params(params: &[String]) -> Result<Vec<Param>> {
    Ok(params.iter().map(|p| parse_param(p)).collect::<Result<_, _>>()?)
}

/// The text of a query given as a name, a file, inline or on standard input.
pub(super) fn query_text(query: Option<&str>, expression: Option<&str>) -> Result<QueryText> {
    if let Some(text) = expression {
        return Ok(QueryText::inline("the -e query", text));
    }
    match query {
        Some("-") | None => {
            if query.is_none() && io::stdin().is_terminal() {
                bail!("give a named query, a .rq file, -e 'SPARQL' or a query on standard input (see `actorgraph queries`)");
            }
            let mut text = String::new();
            io::stdin().read_to_string(&mut text).context("cannot read the query from standard input")?;
            Ok(QueryText::inline("standard input", text))
        }
        Some(name) => Ok(QueryText::named_or_file(name)?),
    }
}
