//! WARC archives: one article per HTML response record, streamed so that an archive larger
//! than memory can be read; records that are not pages are counted, broken ones reported.

use std::collections::BTreeMap;
use std::io::Read;

use model::{Article, ArticleId, Origin};
use web::{WarcEntry, WarcReader};

use crate::page::article_of_page;
use crate::{Diagnostic, Error};

/// The articles of the HTML pages of a WARC file, and the diagnostics: one per page that is not
/// an article, one per broken record, and one count of the records that are not HTML pages.
///
/// A record's article id is `STEM#N`, `N` its 1-based number in the file.
pub fn read_warc<R: Read>(
    reader: WarcReader<R>,
    shown: &str,
    stem: &str,
    config: &html::ExtractConfig,
) -> (Vec<Article>, Vec<Diagnostic>) {
    let origin = Origin {
        path: shown.to_owned(),
        line: None,
    };
    let diagnose = |error: Error| Diagnostic {
        origin: origin.clone(),
        error,
    };
    let mut articles = Vec::new();
    let mut diagnostics = Vec::new();
    let mut skipped: BTreeMap<String, u64> = BTreeMap::new();
    let mut records = 0u64;
    for entry in reader {
        records += 1;
        match entry {
            Ok(WarcEntry::Page(page)) => {
                let id = ArticleId(format!("{stem}#{}", page.record));
                match article_of_page(&page.body, page.url.as_deref(), id, origin.clone(), config) {
                    Ok(article) => articles.push(article),
                    Err(error) => diagnostics.push(diagnose(Error::Page {
                        context: match &page.url {
                            Some(url) => format!("record {} ({url}): ", page.record),
                            None => format!("record {}: ", page.record),
                        },
                        error,
                    })),
                }
            }
            Ok(WarcEntry::Skipped { kind, .. }) => *skipped.entry(kind).or_default() += 1,
            Err(e) => diagnostics.push(diagnose(Error::Warc(e))),
        }
    }
    if records == 0 {
        diagnostics.push(diagnose(Error::Empty));
    }
    let count: u64 = skipped.values().sum();
    if count > 0 {
        let mut kinds: Vec<(String, u64)> = skipped.into_iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let kinds = kinds
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect::<Vec<_>>()
            .join(", ");
        diagnostics.push(diagnose(Error::WarcSkipped { count, kinds }));
    }
    (articles, diagnostics)
}
