//! `lead`: the opening sentences of the articles in their input order, the baseline every method
//! must beat.

use super::{Budget, Method};
use crate::corpus::Corpus;

/// Takes the first article's sentences in order, then the next article's, until the budget is
/// spent (the multi-document lead baseline; short articles, such as the snippets of a roundup,
/// do not fill a budget alone). A copy of an earlier article is passed over: it would repeat
/// that article's lead. With an overrunning budget the last sentence runs past it, as the lead
/// baselines of the literature do.
#[derive(Debug, Default)]
pub(crate) struct Lead;

impl Method for Lead {
    fn name(&self) -> &'static str {
        "lead"
    }

    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize> {
        let mut used = 0;
        let mut chosen = Vec::new();
        for (i, s) in corpus.sentences.iter().enumerate() {
            let copy = corpus.copy_of.get(s.doc).copied().flatten().is_some();
            if copy || !s.is_candidate() || !budget.admits(used, s.words) {
                continue;
            }
            used += s.words;
            chosen.push(i);
        }
        chosen
    }
}
