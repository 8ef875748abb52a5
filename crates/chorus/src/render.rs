//! The readable report for a terminal: headline, summary with source marks, sources; and the
//! readers' diagnostics on stderr.

use std::collections::HashMap;
use std::io::{self, Write};

use model::{ArticleId, EventReport, SummarySentence};

/// Writes one report. Articles are numbered in the order of the sources list, and each summary
/// sentence ends with the numbers of the articles that state it (its own first).
pub(crate) fn report(out: &mut impl Write, report: &EventReport) -> io::Result<()> {
    let numbers: HashMap<&ArticleId, usize> = report
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (&s.id, i + 1))
        .collect();
    let marks = |s: &SummarySentence| {
        let list: Vec<String> = s
            .support
            .iter()
            .filter_map(|id| numbers.get(id))
            .map(usize::to_string)
            .collect();
        format!("[{}]", list.join(","))
    };
    writeln!(out, "EVENT {}", report.id)?;
    if let Some(headline) = &report.summary.headline {
        writeln!(out, "\n{}", headline.text)?;
    }
    // Counted as the budget counts: one word per CJK letter, none for a lone dash.
    let words: usize = report
        .summary
        .sentences
        .iter()
        .map(|s| segment::cjk_word_count(&s.text))
        .sum();
    writeln!(
        out,
        "\nSUMMARY ({words} of {} words)",
        report.summary.word_budget
    )?;
    for sentence in &report.summary.sentences {
        writeln!(out, "  {} {}", one_line(&sentence.text), marks(sentence))?;
    }
    writeln!(out, "\nSOURCES")?;
    for (i, source) in report.sources.iter().enumerate() {
        let outlet = source.outlet.as_deref().unwrap_or("unknown outlet");
        let title = if source.title.is_empty() {
            "(untitled)"
        } else {
            &source.title
        };
        writeln!(out, "  [{}] {outlet}: {title}", i + 1)?;
        let mut details = vec![format!("id {}", source.id)];
        if let Some(time) = &source.time {
            details.push(time.clone());
        }
        if let Some(url) = &source.url {
            details.push(url.clone());
        }
        details.push(format!(
            "supports {:.0}% of the summary",
            source.summary_share * 100.0
        ));
        for original in &source.copy_of {
            if let Some(n) = numbers.get(original) {
                details.push(format!("copy of [{n}]"));
            }
        }
        writeln!(out, "      {}", details.join(" · "))?;
    }
    Ok(())
}

/// A sentence on one line: inner line breaks become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Prints the readers' diagnostics on stderr: `note:` for inputs that hold nothing to read (see
/// `ingest::Error::is_skip`), `warning:` for the rest.
pub(crate) fn diagnostics(diagnostics: &[ingest::Diagnostic]) {
    for diagnostic in diagnostics {
        let kind = if diagnostic.error.is_skip() {
            "note"
        } else {
            "warning"
        };
        eprintln!("{kind}: {diagnostic}");
    }
}
