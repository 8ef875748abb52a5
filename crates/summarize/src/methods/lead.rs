//! `lead`: the opening sentences of the first article, the baseline every method must beat.

use super::{Budget, Method};
use crate::corpus::Corpus;

/// Takes the first article's sentences in order until the budget is spent; with an overrunning
/// budget the last one runs past it, as the lead baselines of the literature do.
#[derive(Debug, Default)]
pub(crate) struct Lead;

impl Method for Lead {
    fn name(&self) -> &'static str {
        "lead"
    }

    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize> {
        let mut used = 0;
        let mut chosen = Vec::new();
        for (i, s) in corpus
            .sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.doc == 0)
        {
            if !budget.admits(used, s.words) || !s.is_candidate() {
                continue;
            }
            used += s.words;
            chosen.push(i);
        }
        chosen
    }
}
