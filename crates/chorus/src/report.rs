//! `chorus report`: read, run the pipeline per event, print text or JSON.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use model::{EventReport, REPORT_SCHEMA_VERSION};
use pipeline::PipelineConfig;
use serde::Serialize;

use crate::cli::ReportArgs;
use crate::render;

/// The JSON document of `chorus report --json` (see docs/REPORT.md).
#[derive(Serialize)]
struct ReportDocument<'a> {
    schema_version: u32,
    events: &'a [EventReport],
}

pub(crate) fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let read_config = ingest::ReadConfig {
        cluster: args.cluster.clone(),
        ..ingest::ReadConfig::default()
    };
    let input = ingest::read_paths(&args.paths, &read_config);
    crate::render::diagnostics(&input.diagnostics);
    let mut config = PipelineConfig::default();
    config.summarize.word_budget = args.words as usize;
    let method = summarize::method_by_name(&args.method).context("unknown method")?;

    let mut reports = Vec::new();
    let mut documents = Vec::new();
    for group in input.groups {
        let cluster = group.id;
        let prepared = pipeline::prepare(group.articles, &config);
        for warning in &prepared.warnings {
            errln!("warning: {warning}");
        }
        if prepared.docs.is_empty() {
            continue;
        }
        let mut report = pipeline::report(&prepared, method.as_ref(), &config);
        report.cluster = cluster;
        reports.push(report);
        documents.push(prepared.docs);
    }
    if reports.is_empty() {
        errln!("error: no usable article in the inputs");
        return Ok(ExitCode::from(1));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let doc = ReportDocument {
            schema_version: REPORT_SCHEMA_VERSION,
            events: &reports,
        };
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        let mut out = render::TerminalSafe(out);
        for (i, (report, docs)) in reports.iter().zip(&documents).enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            render::report(&mut out, report)?;
            crate::analyze_cmd::render_sections(&mut out, docs, &report.analysis)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
