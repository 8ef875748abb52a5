//! RSS and Atom feeds: one article per item (see [`web::item_article`]), ids from the file and
//! the item's guid or link, so the same item read again gets the same id.

use model::{Article, ArticleId, Origin};

use crate::{Diagnostic, Error};

/// The articles of a feed file, and a diagnostic for each item that gives none.
///
/// A document that is not a feed at all is one diagnostic.
pub fn read_feed(
    bytes: &[u8],
    shown: &str,
    stem: &str,
    config: &html::ExtractConfig,
) -> (Vec<Article>, Vec<Diagnostic>) {
    let origin = Origin {
        path: shown.to_owned(),
        line: None,
    };
    let feed = match web::parse_feed(bytes) {
        Ok(feed) => feed,
        Err(e) => {
            return (
                Vec::new(),
                vec![Diagnostic {
                    origin,
                    error: Error::Feed(e),
                }],
            );
        }
    };
    let mut articles = Vec::new();
    let mut diagnostics = Vec::new();
    if feed.items.is_empty() {
        diagnostics.push(Diagnostic {
            origin: origin.clone(),
            error: Error::Shape("feed has no items".to_owned()),
        });
    }
    for (n, item) in feed.items.iter().enumerate() {
        match web::item_article(&feed, item, origin.clone(), config) {
            Ok(mut article) => {
                article.id = ArticleId(format!("{stem}#{}", article.id));
                articles.push(article);
            }
            Err(error) => diagnostics.push(Diagnostic {
                origin: origin.clone(),
                error: Error::FeedItem {
                    item: n + 1,
                    link: item
                        .link
                        .as_deref()
                        .map(|l| format!(" ({l})"))
                        .unwrap_or_default(),
                    error,
                },
            }),
        }
    }
    (articles, diagnostics)
}
