//! The formats of the web that carry news articles, read without trusting them: RSS and Atom
//! feeds ([`feed`]) and WARC crawl archives ([`warc`]).
//!
//! Both readers take bytes from anywhere and never panic: a feed in a wrong or undeclared
//! encoding is decoded by what its bytes are, and a WARC file is streamed record by record with
//! limits on the size of a record and on how far compressed input may expand, so a truncated
//! archive or a gzip bomb ends in an error that names the record and its byte offset.

pub mod feed;
pub mod warc;

pub use feed::{Feed, FeedError, FeedItem, ItemError, item_article, parse_feed};
pub use warc::{WarcConfig, WarcEntry, WarcError, WarcPage, WarcReader};
