//! `actorgraph scan`: a text file read against the graph, as text or JSON, with the draft facts
//! written as Turtle on request; or, with `--measure`, the scan of documents the store describes
//! measured against their curated evidence. Finding no known entity is a negative answer (exit 1).

use super::{open_store, output, Outcome};
use crate::cli::{ReportFormat, ScanArgs, StoreArgs};
use actorgraph::ops;
use actorgraph::render::draft::DraftTurtle;
use actorgraph::render::scan_json::ScanJson;
use actorgraph::render::{self, scan_text::ScanText};
use actorgraph::scan::{Both, ScanSink};
use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub(super) fn run(store_args: &StoreArgs, args: ScanArgs) -> Result<Outcome> {
    if args.measure {
        return measure(store_args, &args);
    }
    let [file] = args.files.as_slice() else {
        bail!("scan reads one file at a time ({} given); give several only with --measure", args.files.len())
    };
    let store = open_store(store_args)?;
    let out = output(None)?;
    let mut report: Box<dyn ScanSink> = match args.format {
        ReportFormat::Text => Box::new(ScanText::new(out)),
        ReportFormat::Json => Box::new(ScanJson::new(out)),
    };
    let summary = match &args.draft {
        None => ops::scan::scan_file(&store, file, report.as_mut())?,
        Some(draft) => {
            let partial = partial_path(file, draft)?;
            let created = File::create(&partial).with_context(|| format!("cannot create {}", draft.display()))?;
            let mut writer = DraftTurtle::new(BufWriter::new(created));
            let scanned = ops::scan::scan_file(&store, file, &mut Both(report.as_mut(), &mut writer));
            drop(writer);
            match scanned {
                Ok(summary) => {
                    std::fs::rename(&partial, draft).with_context(|| format!("cannot write {}", draft.display()))?;
                    summary
                }
                Err(error) => {
                    let _ = std::fs::remove_file(&partial);
                    return Err(error.into());
                }
            }
        }
    };
    Ok(Outcome::from_found(summary.mentions > 0))
}

/// Where the draft is written until the scan succeeds: beside the final file. Refuses to
/// overwrite the text being scanned.
fn partial_path(file: &Path, draft: &Path) -> Result<PathBuf> {
    if let (Ok(a), Ok(b)) = (file.canonicalize(), draft.canonicalize()) {
        if a == b {
            bail!("--draft {} is the file being scanned; name another file", draft.display());
        }
    }
    let name = draft.file_name().with_context(|| format!("--draft {}: give a file name", draft.display()))?;
    Ok(draft.with_file_name(format!(".{}.partial-{}", name.to_string_lossy(), std::process::id())))
}

fn measure(store_args: &StoreArgs, args: &ScanArgs) -> Result<Outcome> {
    let store = open_store(store_args)?;
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let report = ops::scan::measure_files(&store, &files)?;
    let mut out = output(None)?;
    match args.format {
        ReportFormat::Text => render::scan_text::write_measure(&report, &mut out)?,
        ReportFormat::Json => render::report::write_json(&report, &mut out)?,
    }
    out.flush()?;
    Ok(Outcome::Found)
}
