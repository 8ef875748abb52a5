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
    match &report.cluster {
        Some(cluster) => writeln!(out, "EVENT {} (cluster {cluster})", report.id)?,
        None => writeln!(out, "EVENT {}", report.id)?,
    }
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
        errln!("{kind}: {diagnostic}");
    }
}

/// A writer for text meant for a terminal: control characters that articles may carry (escape
/// sequences that recolour, retitle or clear the terminal, carriage returns that overwrite a
/// line, C1 controls, and the bidirectional overrides that reorder what is shown) are written as
/// U+FFFD, so that what a user reads is what the article says. Line feeds and tabs pass. JSON
/// output does not go through it: JSON escapes the C0 controls itself and must keep the text as
/// read.
pub(crate) struct TerminalSafe<W>(pub(crate) W);

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut from = 0;
        let mut i = 0;
        while i < buf.len() {
            let unsafe_len = match buf[i] {
                b'\n' | b'\t' => 0,
                0x00..=0x1F | 0x7F => 1,
                0xC2 if buf.get(i + 1).is_some_and(|b| (0x80..=0x9F).contains(b)) => 2,
                0xE2 if matches!(
                    (buf.get(i + 1), buf.get(i + 2)),
                    (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
                ) =>
                {
                    3
                }
                _ => 0,
            };
            if unsafe_len == 0 {
                i += 1;
                continue;
            }
            self.0.write_all(&buf[from..i])?;
            self.0.write_all("\u{FFFD}".as_bytes())?;
            i += unsafe_len;
            from = i;
        }
        self.0.write_all(&buf[from..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(text: &str) -> String {
        let mut out = TerminalSafe(Vec::new());
        out.write_all(text.as_bytes()).unwrap();
        String::from_utf8(out.0).unwrap()
    }

    #[test]
    fn escapes_and_overrides_become_replacement_characters() {
        assert_eq!(
            safe("Evil \u{1b}[31mRED\u{1b}]0;pwned\u{7} x\r\u{9b}y"),
            "Evil \u{FFFD}[31mRED\u{FFFD}]0;pwned\u{FFFD} x\u{FFFD}\u{FFFD}y"
        );
        assert_eq!(
            safe("a\u{202e}b\u{2066}c\u{7f}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
    }

    #[test]
    fn ordinary_text_passes_unchanged() {
        let text = "Line one\n\tindented “quoted” — dash, café, 北京。 العربية € \u{2019}s\n";
        assert_eq!(safe(text), text);
    }
}
