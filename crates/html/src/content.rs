//! Main-content detection: text blocks, their classes, the container that holds the article,
//! and the blocks kept from it.
//!
//! Four steps, each after a published idea:
//! 1. Elements that are never article text are pruned by tag, visibility, ARIA role and class/id
//!    words (Readability's "unlikely candidates"), except an element holding half of the page's
//!    good text (measured by a first pass without the words), so a wrapper named "rail" survives.
//! 2. The remaining inline text is cut into blocks at block-level elements and `<br>`, and each
//!    block is classed good, near-good, short or bad by length, sentence punctuation, link
//!    density and boilerplate phrases (jusText's classes; punctuation stands in for stopword
//!    lists so that every language is treated alike).
//! 3. The container is the element whose blocks score highest, each block's weight going to its
//!    nearest block ancestor in full and halved at each level above (Readability's propagation).
//! 4. The container's blocks are widened in document order over neighbouring text (an article cut
//!    by ads or images into sibling elements), stepping over short gaps and over link gaps that
//!    more text follows; then good and near-good blocks are kept, with short ones and headings
//!    that sit between kept text. A widget repeated after every item (a share bar) marks a list
//!    of posts, of which the first is kept.

use std::ops::Range;

use crate::dom::{Dom, NodeId};
use crate::{ExtractConfig, ParagraphKind};

/// A run of inline text between block-level boundaries.
#[derive(Debug)]
pub(crate) struct Block {
    /// Text with whitespace collapsed.
    pub(crate) text: String,
    /// Byte range in the page from the first to the last character of the text.
    pub(crate) source: Range<usize>,
    /// What the block is.
    pub(crate) kind: ParagraphKind,
    /// Characters of the text.
    pub(crate) chars: usize,
    /// Length of the text measured against thresholds set in Latin-script characters (see
    /// [`text_length`]).
    pub(crate) len: usize,
    /// Characters inside links.
    pub(crate) link_chars: usize,
    /// Characters inside `strong`/`b`.
    pub(crate) bold_chars: usize,
    /// Nearest block-level ancestor.
    pub(crate) parent: NodeId,
    /// Its class.
    pub(crate) class: Class,
}

/// jusText's classes of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Long sentence text with few links.
    Good,
    /// Sentence text of middling length.
    NearGood,
    /// Too short to judge alone.
    Short,
    /// Link lists, widgets, boilerplate phrases.
    Bad,
}

fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "pre"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "center"
            | "address"
            | "details"
            | "summary"
            | "hr"
            | "br"
            | "body"
            | "html"
            | "fieldset"
            | "form"
            | "hgroup"
            | "dialog"
            | "figure"
            | "header"
            | "footer"
    )
}

/// Tags whose whole subtree is never article text.
fn is_dropped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "canvas"
            | "map"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "head"
            | "title"
            | "nav"
            | "aside"
            | "footer"
            | "figure"
            | "figcaption"
            | "picture"
            | "label"
            | "menu"
            | "dialog"
    )
}

/// Class/id words that mark page furniture (matched as whole words of the class and id).
const NEGATIVE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner",
    "bio",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "credit",
    "credits",
    "footer",
    "masthead",
    "menu",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "pagination",
    "pager",
    "popup",
    "promo",
    "related",
    "share",
    "sharing",
    "sidebar",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "toolbar",
    "widget",
    "recommended",
    "recirculation",
    "trending",
    "signup",
    "consent",
    "paywall",
    "overlay",
    "login",
    "sr-only",
    "disqus",
    "gdpr",
    "rss",
    "shoutbox",
    "skyscraper",
    "supplemental",
    "agegate",
];

/// Substrings of class/id that mark page furniture wherever they occur.
const NEGATIVE_PARTS: &[&str] = &[
    "comment",
    "newsletter",
    "breadcrumb",
    "sidebar",
    "social",
    "related",
    "recommend",
    "cookie",
    "subscri",
    "advert",
    "sponsor",
    "outbrain",
    "taboola",
    "share",
    "disqus",
    "footer",
    "byline",
    "caption",
    "signup",
    "popup",
    "navigation",
    "navbar",
    "widget",
    "paywall",
    "read-more",
    "readmore",
    "more-stories",
    "most-popular",
    "mostpopular",
    "further-reading",
    "copyright",
    "author-bio",
    "author_bio",
    "authorbio",
    "author-box",
    "authorbox",
    "author-info",
    "author_info",
    "author-desc",
    "author_desc",
    "about-author",
    "about-the-author",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader",
];

/// Class/id words that say "this is the content" and protect an element from the words above.
const POSITIVE_PARTS: &[&str] = &[
    "article",
    "body",
    "content",
    "main",
    "story",
    "entry",
    "column",
    "post-text",
];

/// ARIA roles of page furniture.
fn is_dropped_role(role: &str) -> bool {
    matches!(
        role,
        "navigation"
            | "complementary"
            | "banner"
            | "contentinfo"
            | "menu"
            | "menubar"
            | "search"
            | "dialog"
            | "alert"
            | "toolbar"
            | "tablist"
    )
}

/// Whether element `id` and its subtree are pruned before blocks are made; `share` gives an
/// element's share of the page's good text, which protects it from its attributes.
fn is_pruned(dom: &Dom<'_>, id: NodeId, share: &dyn Fn(NodeId) -> f64) -> bool {
    let node = &dom.nodes[id];
    let tag = &*node.tag;
    if is_dropped_tag(tag) {
        return true;
    }
    if matches!(tag, "html" | "body" | "p") {
        return false;
    }
    if node.attrs.is_empty() || share(id) >= PROTECTED_SHARE {
        return false;
    }
    if is_hidden(dom, id) && !is_hidden_page(dom, id) {
        return true;
    }
    if dom
        .attr(id, "role")
        .is_some_and(|r| is_dropped_role(r.trim()))
    {
        return true;
    }
    let mut names = String::new();
    for key in ["class", "id"] {
        if let Some(v) = dom.attr(id, key) {
            names.push_str(&v.to_ascii_lowercase());
            names.push(' ');
        }
    }
    if names.is_empty() {
        return false;
    }
    // An `article` or `main` element says what a content-sounding class says.
    let positive =
        matches!(tag, "article" | "main") || POSITIVE_PARTS.iter().any(|p| names.contains(p));
    if positive && share(id) >= POSITIVE_MIN_SHARE {
        return false;
    }
    let word_hit = names
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| NEGATIVE_WORDS.contains(&w));
    word_hit || NEGATIVE_PARTS.iter().any(|p| names.contains(p))
}

/// Whether element `id` is hidden by its attributes (`hidden`, `aria-hidden`, an inline
/// `display:none` or `visibility:hidden`).
fn is_hidden(dom: &Dom<'_>, id: NodeId) -> bool {
    if dom.attr(id, "hidden").is_some() || dom.attr(id, "aria-hidden").is_some_and(|v| v == "true")
    {
        return true;
    }
    dom.attr(id, "style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Whether hidden element `id` is one page of a set shown one at a time (a paginated gallery,
/// tabs): a visible sibling of the same tag shares its first class name. Its text is the page's
/// text as much as the visible page's is.
fn is_hidden_page(dom: &Dom<'_>, id: NodeId) -> bool {
    let first_class = |n: NodeId| {
        dom.nodes[n]
            .attrs
            .iter()
            .find(|(k, _)| &**k == "class")
            .and_then(|(_, r)| dom.src[r.clone()].split_whitespace().next())
    };
    let Some(class) = first_class(id) else {
        return false;
    };
    let Some(parent) = dom.nodes[id].parent else {
        return false;
    };
    // A bounded look, so that a parent of many hidden children costs no more than a few.
    dom.nodes[parent]
        .children
        .iter()
        .take(MAX_SIBLINGS_SEEN)
        .any(|&c| {
            c != id
                && !dom.nodes[c].is_text
                && dom.nodes[c].tag == dom.nodes[id].tag
                && first_class(c) == Some(class)
                && !is_hidden(dom, c)
        })
}

/// Most siblings looked at for a visible page of a hidden page's set.
const MAX_SIBLINGS_SEEN: usize = 256;

#[derive(Clone, Copy)]
struct Ctx {
    kind: ParagraphKind,
    in_link: bool,
    in_bold: bool,
    parent: NodeId,
}

struct Walker<'d, 'a> {
    dom: &'d Dom<'a>,
    /// Per element, its share of the page's good text (0 when unknown).
    share: &'d dyn Fn(NodeId) -> f64,
    /// Per node, whether it is an inline list of links (see [`inline_link_lists`]).
    link_list: &'d [bool],
    blocks: Vec<Block>,
    cur: Option<Block>,
    pending_space: bool,
}

impl Walker<'_, '_> {
    fn flush(&mut self) {
        if let Some(b) = self.cur.take() {
            if b.chars > 0 {
                self.blocks.push(b);
            }
        }
        self.pending_space = false;
    }

    fn push_text(&mut self, raw: &str, start: usize, ctx: Ctx) {
        let decoded = crate::entities::decode(raw);
        // Offsets: the block's source runs from the first to the last non-space byte of the raw
        // text; with entities decoded the ends still fall on the same raw bytes.
        let Some(first) = raw.find(|c: char| !c.is_whitespace()) else {
            if !raw.is_empty() {
                self.pending_space = true;
            }
            return;
        };
        let last = raw.trim_end().len();
        let block = self.cur.get_or_insert_with(|| Block {
            text: String::new(),
            source: start + first..start + last,
            kind: ctx.kind,
            chars: 0,
            len: 0,
            link_chars: 0,
            bold_chars: 0,
            parent: ctx.parent,
            class: Class::Short,
        });
        block.source.end = start + last;
        let mut added = 0;
        for c in decoded.chars() {
            if c.is_whitespace() || c == '\u{a0}' {
                self.pending_space = true;
                continue;
            }
            if self.pending_space && !block.text.is_empty() {
                block.text.push(' ');
                added += 1;
            }
            self.pending_space = false;
            block.text.push(c);
            added += 1;
        }
        block.chars += added;
        if ctx.in_link {
            block.link_chars += added;
        }
        if ctx.in_bold {
            block.bold_chars += added;
        }
    }

    fn walk(&mut self, id: NodeId, ctx: Ctx) {
        let node = &self.dom.nodes[id];
        if node.is_text {
            self.push_text(self.dom.raw_text(id), node.span.start, ctx);
            return;
        }
        let tag = &*node.tag;
        if is_pruned(self.dom, id, self.share) {
            // A pruned inline element inside a sentence leaves a space, not a break.
            self.pending_space = true;
            return;
        }
        if tag == "br" || tag == "hr" {
            self.flush();
            return;
        }
        if self.link_list[id] {
            self.pending_space = true;
            return;
        }
        let block = is_block_tag(tag);
        let mut inner = ctx;
        if block {
            self.flush();
            inner.parent = id;
            inner.kind = match tag {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => ParagraphKind::Heading,
                "li" | "dd" | "dt" => ParagraphKind::ListItem,
                "blockquote" => ParagraphKind::Quote,
                _ if ctx.kind == ParagraphKind::Quote => ParagraphKind::Quote,
                _ => ParagraphKind::Paragraph,
            };
        }
        if tag == "a" {
            inner.in_link = true;
        }
        if matches!(tag, "strong" | "b") {
            inner.in_bold = true;
        }
        let children = node.children.clone();
        for c in children {
            self.walk(c, inner);
        }
        if block {
            self.flush();
        }
    }
}

/// Cuts the page into text blocks (pruned elements left out) and classes each.
///
/// Class and id words never prune an element that holds most of the page's good text: a first
/// pass without them measures that, so a wrapper named "rail" or "sidebar-layout" that holds the
/// article survives.
pub(crate) fn blocks(dom: &Dom<'_>, config: &ExtractConfig) -> Vec<Block> {
    let link_list = inline_link_lists(dom);
    let first = walk_blocks(dom, config, &|_| 1.0, &link_list);
    let mut good = vec![0usize; dom.nodes.len()];
    let mut total = 0;
    for b in first.iter().filter(|b| b.class == Class::Good) {
        total += b.chars;
        let mut cur = Some(b.parent);
        while let Some(c) = cur {
            good[c] += b.chars;
            cur = dom.nodes[c].parent;
        }
    }
    let share = |id: NodeId| good[id] as f64 / total.max(1) as f64;
    walk_blocks(dom, config, &share, &link_list)
}

/// Least number of links in an inline list of links.
const LINK_LIST_MIN_LINKS: usize = 3;

/// Least share of an inline list's text inside links.
const LINK_LIST_MIN_DENSITY: f64 = 0.85;

/// Marks the inline elements (not blocks, not links) that are lists of links set inside running
/// text: a hover card of related stories behind a name, a run of tag links in a sentence. They
/// hold at least three links and little else, and no inline element below them does; left in,
/// they would make the paragraph around them look like a link list and sink it whole.
fn inline_link_lists(dom: &Dom<'_>) -> Vec<bool> {
    let n = dom.nodes.len();
    let mut in_link = vec![false; n];
    // Parents come before children in `nodes`, so one forward pass passes `in_link` down and one
    // backward pass adds characters and links up.
    for i in 1..n {
        let parent = dom.nodes[i].parent.unwrap_or(0);
        in_link[i] = in_link[parent] || &*dom.nodes[i].tag == "a";
    }
    let mut chars = vec![0usize; n];
    let mut link_chars = vec![0usize; n];
    let mut links = vec![0usize; n];
    let mut below = vec![false; n];
    let mut marked = vec![false; n];
    for i in (1..n).rev() {
        let node = &dom.nodes[i];
        if node.is_text {
            // Script and style text never reaches a block: not worth counting.
            if node
                .parent
                .is_some_and(|p| is_dropped_tag(&dom.nodes[p].tag))
            {
                continue;
            }
            let c = dom
                .raw_text(i)
                .bytes()
                .filter(|b| !b.is_ascii_whitespace())
                .count();
            chars[i] += c;
            if in_link[i] {
                link_chars[i] += c;
            }
        } else if is_dropped_tag(&node.tag) {
            continue;
        } else {
            if &*node.tag == "a" {
                links[i] += 1;
            }
            let inline = !is_block_tag(&node.tag) && &*node.tag != "a";
            let qualifies = inline
                && links[i] >= LINK_LIST_MIN_LINKS
                && link_chars[i] as f64 >= LINK_LIST_MIN_DENSITY * chars[i] as f64;
            // Only the lowest qualifying element is marked, so a linked name just above a hover
            // card stays.
            marked[i] = qualifies && !below[i];
            below[i] |= qualifies;
        }
        if let Some(p) = node.parent {
            chars[p] += chars[i];
            link_chars[p] += link_chars[i];
            links[p] += links[i];
            below[p] |= below[i];
        }
    }
    marked
}

/// An element holding this share of the page's good text is never pruned by its attributes.
const PROTECTED_SHARE: f64 = 0.5;

/// A content-sounding class or id protects an element holding at least this share.
const POSITIVE_MIN_SHARE: f64 = 0.15;

fn walk_blocks(
    dom: &Dom<'_>,
    config: &ExtractConfig,
    share: &dyn Fn(NodeId) -> f64,
    link_list: &[bool],
) -> Vec<Block> {
    let mut w = Walker {
        dom,
        share,
        link_list,
        blocks: Vec::new(),
        cur: None,
        pending_space: false,
    };
    let ctx = Ctx {
        kind: ParagraphKind::Paragraph,
        in_link: false,
        in_bold: false,
        parent: 0,
    };
    w.walk(0, ctx);
    w.flush();
    let mut blocks = w.blocks;
    for b in &mut blocks {
        b.len = text_length(&b.text);
        // A short paragraph all in bold is a subheading.
        if b.kind == ParagraphKind::Paragraph
            && b.bold_chars == b.chars
            && b.len < PSEUDO_HEADING_CHARS
        {
            b.kind = ParagraphKind::Heading;
        }
        b.class = classify(b, config);
    }
    blocks
}

/// Longest all-bold paragraph taken for a subheading, in Latin-script characters
/// ([`text_length`]).
const PSEUDO_HEADING_CHARS: usize = 120;

/// Short phrases that are page furniture in any article (share prompts, credits, notices).
const BOILERPLATE_STARTS: &[&str] = &[
    "advertisement",
    "anzeige",
    "share this",
    "share on",
    "share:",
    "click here",
    "read more",
    "read next",
    "weiterlesen",
    "mehr zum thema",
    "related:",
    "sign up",
    "subscribe",
    "follow us",
    "copyright",
    "©",
    "all rights reserved",
    "credit:",
    "getty images",
    "recommended",
    "you may also like",
    "more from",
    "this article",
    "we use cookies",
    "accept cookies",
    "skip to",
    "jump to",
    "listen to",
    "print",
    "email",
    "citation:",
    "published:",
    "updated:",
    "posted:",
];

/// Phrases of cookie and notification banners, matched anywhere in a block under 300 characters.
const BOILERPLATE_ANYWHERE: &[&str] = &[
    "uses cookies",
    "use of cookies",
    "use cookies",
    "verwendet cookies",
    "nutzt cookies",
    "turn on notifications",
    "all rights reserved",
    "subject to copyright",
    "©",
];

/// Words that open a caption, matched at the start of a block under 300 characters.
const CAPTION_STARTS: &[&str] = &[
    "abbildung:",
    "bild:",
    "foto:",
    "fotos:",
    "photo:",
    "photos:",
    "image:",
    "quelle:",
];

/// Marks of a photo credit near the end of a caption.
const CREDIT_MARKS: &[&str] = &[
    "(foto:",
    "(photo:",
    "(bild:",
    "(image:",
    "(credit:",
    "(getty",
    "(ap photo",
];

/// Words that open a dateline ("Updated 5:27 am CST, ..."); such a block under 100 characters
/// with a digit in it is page furniture.
const DATELINE_STARTS: &[&str] = &[
    "updated",
    "published",
    "posted",
    "last updated",
    "last modified",
    "aktualisiert",
    "veröffentlicht",
    "stand:",
    "publié",
    "publicado",
    "actualizado",
];

fn is_boilerplate_text(text: &str) -> bool {
    // Bare addresses: a page's own URL printed for sharing, image file lists.
    let url_chars: usize = text
        .split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www."))
        .map(str::len)
        .sum();
    if url_chars * 2 > text.len() {
        return true;
    }
    let n = text.chars().count();
    if n > 300 {
        return false;
    }
    let lower = text.to_lowercase();
    // An agency caption: "In this Dec. 12, 2006, file photo, …".
    if lower.starts_with("in this ")
        && lower
            .chars()
            .take(60)
            .collect::<String>()
            .contains(" photo")
    {
        return true;
    }
    if BOILERPLATE_ANYWHERE.iter().any(|p| lower.contains(p)) {
        return true;
    }
    if CAPTION_STARTS.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if n < 100
        && text.contains(|c: char| c.is_ascii_digit())
        && DATELINE_STARTS.iter().any(|p| lower.starts_with(p))
    {
        return true;
    }
    // A breadcrumb trail: "Home > Blog > Story".
    if text.matches(" > ").count() + text.matches(" » ").count() + text.matches(" / ").count() >= 2
        && n < 200
    {
        return true;
    }
    // A caption's closing credit: "… (Foto: Getty)", "… Photo: AP".
    let tail: String = lower
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if CREDIT_MARKS.iter().any(|m| tail.contains(m)) {
        return true;
    }
    if n > 120 {
        return false;
    }
    BOILERPLATE_STARTS.iter().any(|p| lower.starts_with(p))
}

/// Longest block taken for a bare date.
const BARE_DATE_CHARS: usize = 40;

/// Whether `text` is a date and nothing else ("16 marca 2021", "12.05.2019, 14:30", "May 5,
/// 2020"): a year or a day.month.year, at most one word of letters (the month), and no word
/// that mixes letters and digits (a name like "gsoc-2018").
fn is_bare_date(text: &str) -> bool {
    if text.chars().count() > BARE_DATE_CHARS {
        return false;
    }
    let mut words = 0;
    let mut dated = false;
    let has_time = text
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    for token in text.split_whitespace() {
        let letters = token.chars().any(char::is_alphabetic);
        let digits: Vec<&str> = token
            .split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty())
            .collect();
        if letters && !digits.is_empty() {
            return false;
        }
        // Beside a time, clock and zone abbreviations ("AM", "UTC", "Uhr") are part of the date.
        let clock = letters
            && has_time
            && (token.trim_end_matches(['.', ',']).chars().count() <= 3
                && token
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
                || token.eq_ignore_ascii_case("uhr"));
        words += usize::from(letters && !clock);
        dated |= digits.len() == 3
            || digits
                .iter()
                .any(|r| r.len() == 4 && (r.starts_with("19") || r.starts_with("20")));
    }
    dated && words <= 1
}

/// Words that open a byline ("By Jane Doe", "Von Max Muster", "Par Jean Dupont").
const BYLINE_STARTS: &[&str] = &["by", "von", "par", "por", "di", "door", "av", "przez"];

/// Whether `text` is a byline: an opening word of [`BYLINE_STARTS`] and a few capitalized names,
/// no sentence.
fn is_byline(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 || words.len() > MAX_BYLINE_WORDS || ends_like_sentence(text) {
        return false;
    }
    let first = words[0].to_lowercase();
    BYLINE_STARTS.contains(&first.as_str())
        && words[1].chars().next().is_some_and(char::is_uppercase)
}

/// Most words of a byline: a few names joined by "and".
const MAX_BYLINE_WORDS: usize = 8;

fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ' ']);
    t.ends_with(['.', '!', '?', ':', '。', '！', '？', '…'])
}

/// Largest share of link characters in a paragraph that is still prose.
const MAX_PROSE_LINK_DENSITY: f64 = 0.8;

fn classify(b: &Block, config: &ExtractConfig) -> Class {
    let link_density = b.link_chars as f64 / b.chars.max(1) as f64;
    // Running prose whose words are largely links (a roundup linking every item) is still prose:
    // several sentences, ending like one, with a fair run of unlinked words.
    let linked_prose = link_density <= MAX_PROSE_LINK_DENSITY
        && ends_like_sentence(&b.text)
        && b.text.matches(['.', '!', '?']).count() >= 2
        && b.chars - b.link_chars >= config.good_chars;
    if (link_density > config.max_link_density && !linked_prose) || is_boilerplate_text(&b.text) {
        return Class::Bad;
    }
    // In Latin-script characters, so that Chinese, Japanese and Korean text is judged alike.
    let len = b.len;
    if len < config.short_chars {
        return Class::Short;
    }
    let sentences = b.text.matches(['.', '!', '?', '。', '！', '？']).count();
    if len >= config.good_chars
        && link_density < 0.2
        && (sentences > 0 || len >= 2 * config.good_chars)
    {
        return Class::Good;
    }
    if ends_like_sentence(&b.text) || len >= config.good_chars {
        return Class::NearGood;
    }
    Class::Short
}

/// Han (with its extensions and compatibility ideographs), kana and Hangul syllables.
fn is_wide_script(c: char) -> bool {
    matches!(
        c as u32,
        0x3040..=0x30ff
            | 0x3400..=0x4dbf
            | 0x4e00..=0x9fff
            | 0xac00..=0xd7af
            | 0xf900..=0xfaff
            | 0x2_0000..=0x2_fa1f
    )
}

/// How many Latin-script characters a Chinese, Japanese or Korean character counts for in the
/// length thresholds, which were measured on Latin-script pages. Such a character carries about
/// what a short English word does (three to six Latin characters); three, the low end, lets a
/// page of a few sentences through while a menu or a list of headlines still falls short.
pub(crate) const WIDE_CHAR_WEIGHT: usize = 3;

/// The length of `text` in Latin-script characters: its characters, each Chinese, Japanese or
/// Korean one counted [`WIDE_CHAR_WEIGHT`] times.
pub(crate) fn text_length(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if is_wide_script(c) {
                WIDE_CHAR_WEIGHT
            } else {
                1
            }
        })
        .sum()
}

/// The block weights that score a container.
fn weight(b: &Block) -> f64 {
    let n = b.chars as f64;
    match b.class {
        Class::Good => n,
        Class::NearGood => 0.5 * n,
        Class::Short => -0.2 * n,
        Class::Bad => -0.7 * n,
    }
}

/// The element holding the article.
///
/// Each block's weight goes to its nearest block ancestor in full and to the ones above it
/// halved at each level (Readability gives parent and grandparent; a geometric decay lets
/// wrappers of many small paragraph elements win too), so the element that directly holds many
/// paragraphs beats the page body that holds them and also teasers, comments and menus.
pub(crate) fn container(dom: &Dom<'_>, blocks: &[Block]) -> Option<NodeId> {
    let mut score = vec![0.0f64; dom.nodes.len()];
    for b in blocks {
        let mut w = weight(b);
        let mut cur = Some(b.parent);
        while let Some(c) = cur {
            score[c] += w;
            w *= DECAY;
            cur = dom.nodes[c].parent;
        }
    }
    let (best, value) = score
        .iter()
        .enumerate()
        .filter(|(i, _)| !dom.nodes[*i].is_text && !is_paragraph_tag(&dom.nodes[*i].tag))
        .fold(
            (0, f64::MIN),
            |acc, (i, &s)| if s > acc.1 { (i, s) } else { acc },
        );
    (value > 0.0).then_some(best)
}

/// Elements that hold one paragraph: never the article container, even when one long paragraph
/// outweighs all else.
fn is_paragraph_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "dd"
            | "dt"
            | "pre"
            | "td"
            | "th"
            | "blockquote"
    )
}

/// Share of a block's weight that reaches each further ancestor.
const DECAY: f64 = 0.5;

/// Whether `ancestor` is `id` or above it.
fn within(dom: &Dom<'_>, ancestor: NodeId, id: NodeId) -> bool {
    let mut cur = Some(id);
    while let Some(c) = cur {
        if c == ancestor {
            return true;
        }
        cur = dom.nodes[c].parent;
    }
    false
}

/// Indices of the blocks that make the article: the container's blocks, widened in document
/// order over neighbouring text blocks (article text split by ads or images into sibling
/// elements) until a link or boilerplate block; then the good and near-good ones, and short
/// blocks and headings that sit between kept text.
pub(crate) fn select(dom: &Dom<'_>, blocks: &[Block], container: NodeId) -> Vec<usize> {
    let inside: Vec<usize> = (0..blocks.len())
        .filter(|&i| within(dom, container, blocks[i].parent))
        .collect();
    let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
        return Vec::new();
    };
    let is_text = |c: Class| matches!(c, Class::Good | Class::NearGood);
    // Widening steps over gaps only below the container's third ancestor.
    let mut scope = container;
    for _ in 0..WIDEN_LEVELS {
        scope = dom.nodes[scope].parent.unwrap_or(scope);
    }
    // A gap holding a block whose text recurs on the page (a share bar under every item) separates
    // items of a list, not parts of one article.
    let mut seen = std::collections::HashMap::new();
    for b in blocks
        .iter()
        .filter(|b| !is_text(b.class) && b.chars >= MIN_REPEATED_CHARS)
    {
        *seen.entry(b.text.as_str()).or_insert(0usize) += 1;
    }
    let repeated = |g: usize| seen.get(blocks[g].text.as_str()).is_some_and(|&n| n > 1);
    let widen = |order: Vec<usize>, take_near: bool| -> Option<usize> {
        let mut reach = None;
        let mut k = 0;
        while k < order.len() {
            let j = order[k];
            if is_text(blocks[j].class) {
                if is_card(dom, blocks, j) {
                    break;
                }
                if blocks[j].class == Class::Good || take_near {
                    reach = Some(j);
                }
                k += 1;
                continue;
            }
            // A gap of short and link blocks (an inline "read also" box, a caption) is stepped
            // over when the text after it outweighs it.
            let gap_end = order[k..]
                .iter()
                .position(|&g| is_text(blocks[g].class))
                .map_or(order.len(), |p| k + p);
            if gap_end == order.len() {
                break;
            }
            // A few short blocks (a subheading, a dateline) are stepped over anywhere.
            let only_short = order[k..gap_end]
                .iter()
                .all(|&g| blocks[g].class == Class::Short);
            if only_short && gap_end - k <= MAX_SHORT_GAP {
                k = gap_end;
                continue;
            }
            if gap_end - k > MAX_GAP_BLOCKS || !within(dom, scope, blocks[order[gap_end]].parent) {
                break;
            }
            if order[k..gap_end].iter().any(|&g| repeated(g)) {
                break;
            }
            let gap_chars: usize = order[k..gap_end].iter().map(|&g| blocks[g].len).sum();
            let run_chars: usize = order[gap_end..]
                .iter()
                .take_while(|&&g| is_text(blocks[g].class) && within(dom, scope, blocks[g].parent))
                .map(|&g| blocks[g].len)
                .sum();
            if run_chars < gap_chars.max(MIN_RUN_AFTER_GAP) {
                break;
            }
            k = gap_end;
        }
        reach
    };
    // Near-good text before the article (a standfirst) joins it; after it, only good text does.
    let start = widen((0..first).rev().collect(), true).unwrap_or(first);
    let end = widen((last + 1..blocks.len()).collect(), false).unwrap_or(last);
    let span: Vec<usize> = (start..=end)
        .filter(|&i| i < first || i > last || inside.binary_search(&i).is_ok())
        .collect();
    let mut keep = Vec::new();
    for (k, &i) in span.iter().enumerate() {
        let b = &blocks[i];
        let kept = match b.class {
            Class::Good | Class::NearGood => true,
            Class::Bad => false,
            Class::Short => {
                let prev = span[..k]
                    .iter()
                    .rev()
                    .map(|&j| blocks[j].class)
                    .find(|&c| c != Class::Short);
                let next = span[k + 1..]
                    .iter()
                    .map(|&j| blocks[j].class)
                    .find(|&c| c != Class::Short);
                let next_good = next.is_some_and(is_text);
                let prev_good = prev.is_some_and(is_text);
                if is_bare_date(&b.text) || is_byline(&b.text) {
                    // A dateline or a byline is stepped over, never kept.
                    false
                } else if b.kind == ParagraphKind::Heading {
                    next_good
                } else if b.kind == ParagraphKind::ListItem && b.link_chars == 0 {
                    prev_good
                } else {
                    // An inline link between paragraphs ("Read also: …") is not text; a line
                    // right under a kept heading is that section's text.
                    let under_heading = k > 0
                        && keep.last() == Some(&span[k - 1])
                        && blocks[span[k - 1]].kind == ParagraphKind::Heading;
                    (prev_good || under_heading) && next_good && b.link_chars * 5 < b.chars
                }
            }
        };
        if kept {
            keep.push(i);
        }
    }
    // A grid of teasers closing the container is not the article's end.
    while keep.len() > 1 && keep.last().is_some_and(|&i| is_card(dom, blocks, i)) {
        keep.pop();
    }
    // Lines of one element split by `<br>` (a list of tour dates in one paragraph) share the
    // fate of the kept text beside them.
    let mut extra = Vec::new();
    for &i in &keep {
        let parent = blocks[i].parent;
        for j in (i + 1..blocks.len()).take_while(|&j| blocks[j].parent == parent) {
            if blocks[j].class == Class::Short && blocks[j].link_chars == 0 {
                extra.push(j);
            }
        }
    }
    // A closing line too short to judge alone ("Thanks for the interview!") joins the text it
    // ends when it is a sentence in the same element (a sibling paragraph).
    let holder = |i: usize| dom.nodes[blocks[i].parent].parent;
    for &i in &keep {
        for (j, b) in blocks.iter().enumerate().skip(i + 1) {
            if holder(j) != holder(i)
                || b.class != Class::Short
                || b.kind != ParagraphKind::Paragraph
                || b.link_chars > 0
                || !ends_like_sentence(&b.text)
            {
                break;
            }
            extra.push(j);
        }
    }
    keep.extend(extra);
    keep.sort_unstable();
    keep.dedup();
    // The same widget (a share bar) after every item: a list of posts, of which the first is the
    // page's own.
    let separator = |g: usize| {
        blocks[g].class == Class::Bad
            && seen
                .get(blocks[g].text.as_str())
                .is_some_and(|&n| n >= MIN_ITEM_SEPARATORS)
    };
    if let (Some(&first_kept), Some(&last_kept)) = (keep.first(), keep.last()) {
        if let Some(cut) = (first_kept + 1..last_kept).find(|&g| separator(g)) {
            keep.retain(|&i| i < cut);
        }
    }
    keep
}

/// Whether block `j` is the text of a teaser card: one of a row of at least [`MIN_CARDS`]
/// sibling elements of one tag and class, close above the text, that also holds a link (the
/// teaser's headline). Widening stops there: a grid of teasers after an article is not part of
/// it, however sentence-like their blurbs are.
fn is_card(dom: &Dom<'_>, blocks: &[Block], j: usize) -> bool {
    let mut cur = blocks[j].parent;
    for _ in 0..CARD_LEVELS {
        let Some(parent) = dom.nodes[cur].parent else {
            return false;
        };
        let class = dom.nodes[cur].attrs.iter().find(|(n, _)| &**n == "class");
        if let Some((_, range)) = class.filter(|(_, r)| !r.is_empty()) {
            let signature = &dom.src[range.clone()];
            let tag = &dom.nodes[cur].tag;
            // Bounded: enough siblings to decide, never a scan of a huge parent per block.
            let same = dom.nodes[parent]
                .children
                .iter()
                .take(MAX_SIBLINGS_SEEN)
                .filter(|&&c| {
                    let n = &dom.nodes[c];
                    !n.is_text
                        && n.tag == *tag
                        && n.attrs
                            .iter()
                            .any(|(k, r)| &**k == "class" && &dom.src[r.clone()] == signature)
                })
                .take(MIN_CARDS)
                .count();
            let linked =
                (j.saturating_sub(CARD_LEVELS)..(j + CARD_LEVELS).min(blocks.len())).any(|x| {
                    blocks[x].class == Class::Bad
                        && blocks[x].link_chars * 2 > blocks[x].chars
                        && within(dom, cur, blocks[x].parent)
                });
            if same >= MIN_CARDS && linked {
                return true;
            }
        }
        cur = parent;
    }
    false
}

/// Least number of sibling cards in a row of teasers.
const MIN_CARDS: usize = 3;

/// How many levels above a block a teaser card may start, and how many blocks around it its
/// headline may be.
const CARD_LEVELS: usize = 3;

/// How often one widget must recur for the page to be a list of posts.
const MIN_ITEM_SEPARATORS: usize = 3;

/// Most short blocks (a byline, a date, a reading time) that widening steps over freely.
const MAX_SHORT_GAP: usize = 3;

/// Most blocks in a gap that widening steps over.
const MAX_GAP_BLOCKS: usize = 6;

/// Least text after a gap for widening to step over it, in Latin-script characters
/// ([`text_length`]).
const MIN_RUN_AFTER_GAP: usize = 150;

/// Shortest block whose recurrence marks list items (shorter ones, like a section label, recur
/// in any page).
const MIN_REPEATED_CHARS: usize = 15;

/// How far above the container widening may reach.
const WIDEN_LEVELS: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_dates() {
        for date in [
            "16 marca 2021",
            "March 5, 2024",
            "12.05.2019",
            "Nov. 20, 2019, 9:28 AM UTC",
            "20. Mai 2019, 14:30 Uhr",
        ] {
            assert!(is_bare_date(date), "{date}");
        }
        for not in [
            "gsoc-2018",
            "2018.04.05 ~ OPEN RUN",
            "Palm Bay 18 22 13 17 — 70",
            "Born in 1957 in Berlin",
            "Einfach",
        ] {
            assert!(!is_bare_date(not), "{not}");
        }
    }

    #[test]
    fn wide_characters_count_three_times() {
        assert_eq!(text_length("Rain fell."), 10);
        // Han, kana, Hangul, a compatibility ideograph and one beyond the first plane; the
        // ideographic full stop and the space count once.
        assert_eq!(text_length("雨が降った。"), 5 * 3 + 1);
        assert_eq!(text_length("비 豈 𠀋"), 3 * 3 + 2);
    }

    #[test]
    fn bylines() {
        assert!(is_byline("By Jane Doe"));
        assert!(is_byline("Von Max Muster und Erika Beispiel"));
        assert!(!is_byline("By the river."));
        assert!(!is_byline("by the way, the river rose"));
    }

    #[test]
    fn linked_prose_is_not_a_link_list() {
        let block = |text: &str, link_chars: usize| Block {
            chars: text.chars().count(),
            len: text_length(text),
            text: text.to_owned(),
            source: 0..0,
            kind: ParagraphKind::Paragraph,
            link_chars,
            bold_chars: 0,
            parent: 0,
            class: Class::Short,
        };
        let config = ExtractConfig::default();
        let prose = "Today's best deals include various laptops from $700 at the big store. You will \
                     also find headphones with a charging case for $150 and thermostats from $139. \
                     All that and more is below.";
        assert_ne!(classify(&block(prose, 100), &config), Class::Bad);
        let menu = "Home News Sport Business Culture Travel Weather Opinion Video Podcasts";
        assert_eq!(classify(&block(menu, 60), &config), Class::Bad);
    }

    #[test]
    fn inline_link_list_is_the_lowest_one() {
        let src = "<p>Mayor <span id=a><a>Obi</a><span id=b><a>x one</a> <a>x two</a> \
                   <a>x three</a></span></span> said.</p>";
        let dom = crate::dom::parse(src);
        let marked: Vec<String> = inline_link_lists(&dom)
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .filter_map(|(i, _)| dom.attr(i, "id"))
            .collect();
        assert_eq!(marked, ["b"]);
    }
}
