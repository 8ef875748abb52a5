//! A forgiving HTML tokenizer and tree builder that keeps byte offsets into the source.
//!
//! html5ever (behind `scraper`) builds the standard tree but forgets where each node came from;
//! extraction needs every paragraph's byte range in the page, so this module builds its own
//! tree. It follows the parts of the HTML5 tree-construction rules that shape the text of a page
//! (void elements, raw-text elements, implied end tags of `head`, `p`, `li`, `dd`/`dt`, table
//! cells, headings and options, end tags that close what they opened and ignore what they did
//! not) and leaves the rest (adoption agency, foster parenting) aside. It never fails and never
//! panics: any byte sequence gives a tree. Depth is capped so that later walks stay shallow.

use std::ops::Range;

/// Index of a node in [`Dom::nodes`].
pub(crate) type NodeId = usize;

/// Attributes of an element: lowercase names, raw (undecoded) value ranges.
pub(crate) type Attrs = Vec<(Box<str>, Range<usize>)>;

/// Deepest nesting the builder creates; deeper start tags become leaves.
const MAX_DEPTH: usize = 256;

/// One node of the tree.
#[derive(Debug)]
pub(crate) struct Node {
    /// Element name (lowercase ASCII), or empty for a text node and the document root.
    pub(crate) tag: Box<str>,
    /// Attributes of an element: lowercase names, raw (undecoded) values.
    pub(crate) attrs: Attrs,
    /// For a text node, the raw (undecoded) text's byte range; for an element, from `<` of the
    /// start tag to the end of its end tag (or of its last descendant when the end was implied).
    pub(crate) span: Range<usize>,
    /// Whether this is a text node.
    pub(crate) is_text: bool,
    /// Parent element, `None` for the root.
    pub(crate) parent: Option<NodeId>,
    /// Children in document order.
    pub(crate) children: Vec<NodeId>,
}

/// A parsed page: the root is node 0.
#[derive(Debug)]
pub(crate) struct Dom<'a> {
    /// The page source the offsets point into.
    pub(crate) src: &'a str,
    /// All nodes; index 0 is the document root.
    pub(crate) nodes: Vec<Node>,
}

impl<'a> Dom<'a> {
    /// The value of attribute `name` of element `id`, entity-decoded.
    pub(crate) fn attr(&self, id: NodeId, name: &str) -> Option<String> {
        self.nodes[id]
            .attrs
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, r)| crate::entities::decode(&self.src[r.clone()]).into_owned())
    }

    /// The raw source of text node `id`.
    pub(crate) fn raw_text(&self, id: NodeId) -> &'a str {
        &self.src[self.nodes[id].span.clone()]
    }

    /// All text below `id`, entity-decoded and concatenated (no whitespace normalization).
    pub(crate) fn text_of(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n];
            if node.is_text {
                out.push_str(&crate::entities::decode(self.raw_text(n)));
            } else {
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }

    /// Element ids with tag `tag`, in document order.
    pub(crate) fn elements(&self, tag: &str) -> impl Iterator<Item = NodeId> + '_ {
        let tag = tag.to_owned();
        (0..self.nodes.len()).filter(move |&i| !self.nodes[i].is_text && *self.nodes[i].tag == *tag)
    }
}

fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
    )
}

fn is_raw_text(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
    )
}

/// Elements whose start tag closes an open `p` (HTML5 "close a p element").
fn closes_p(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "dd"
            | "dt"
            | "listing"
    )
}

/// Elements an inline end tag may not close through (a stray `</span>` leaves a `div` open).
fn is_block_boundary(tag: &str) -> bool {
    closes_p(tag)
        || matches!(
            tag,
            "td" | "th" | "tr" | "tbody" | "body" | "html" | "table"
        )
}

/// Elements that belong in `head`; any other start tag closes an open head (HTML5 "in head"
/// insertion mode), so a page that leaves out `</head>` still has a body.
fn is_head_content(tag: &str) -> bool {
    matches!(
        tag,
        "title"
            | "meta"
            | "link"
            | "style"
            | "script"
            | "noscript"
            | "base"
            | "template"
            | "basefont"
            | "bgsound"
    )
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

struct Builder {
    nodes: Vec<Node>,
    stack: Vec<NodeId>,
}

impl Builder {
    fn current(&self) -> NodeId {
        self.stack.last().copied().unwrap_or(0)
    }

    fn add(&mut self, node: Node) -> NodeId {
        let id = self.nodes.len();
        let parent = node.parent.unwrap_or(0);
        self.nodes.push(node);
        self.nodes[parent].children.push(id);
        id
    }

    fn text(&mut self, src: &str, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        // Text other than whitespace is body content and closes an open head.
        if !src[range.clone()].trim_ascii().is_empty() {
            self.close_head(range.start);
        }
        let parent = self.current();
        // Adjacent text pieces (split by a comment) merge into one node.
        if let Some(&last) = self.nodes[parent].children.last() {
            if self.nodes[last].is_text && self.nodes[last].span.end == range.start {
                self.nodes[last].span.end = range.end;
                return;
            }
        }
        self.add(Node {
            tag: "".into(),
            attrs: Vec::new(),
            span: range,
            is_text: true,
            parent: Some(parent),
            children: Vec::new(),
        });
    }

    /// Pops the stack down to and including position `k`, closing each element at `end`.
    fn pop_to(&mut self, k: usize, end: usize) {
        while self.stack.len() > k {
            if let Some(id) = self.stack.pop() {
                self.nodes[id].span.end = end.max(self.nodes[id].span.start);
            }
        }
    }

    /// Closes `head` at `at` when it is the current node: what comes next is the body's. Only
    /// a template can be open inside a head (its other elements are void or raw text), and
    /// whatever a template holds stays in it.
    fn close_head(&mut self, at: usize) {
        if self.stack.len() > 1 && &*self.nodes[self.current()].tag == "head" {
            let k = self.stack.len() - 1;
            self.pop_to(k, at);
        }
    }

    fn find_open(&self, tag: &str, stop: impl Fn(&str) -> bool) -> Option<usize> {
        for k in (1..self.stack.len()).rev() {
            let t = &*self.nodes[self.stack[k]].tag;
            if t == tag {
                return Some(k);
            }
            if stop(t) {
                return None;
            }
        }
        None
    }

    fn start_tag(&mut self, tag: &str, attrs: Attrs, span: Range<usize>) -> Option<NodeId> {
        let at = span.start;
        if !is_head_content(tag) && !matches!(tag, "html" | "head") {
            self.close_head(at);
        }
        if matches!(tag, "html" | "body" | "head")
            && self.stack.iter().any(|&n| &*self.nodes[n].tag == tag)
        {
            return None;
        }
        if closes_p(tag) {
            if let Some(k) = self.find_open("p", |t| {
                matches!(t, "button" | "table" | "td" | "th" | "html")
            }) {
                self.pop_to(k, at);
            }
        }
        match tag {
            "li" => {
                if let Some(k) = self.find_open("li", |t| {
                    matches!(t, "ul" | "ol" | "menu" | "table" | "td" | "div")
                }) {
                    self.pop_to(k, at);
                }
            }
            "dd" | "dt" => {
                let k = self
                    .find_open("dd", |t| matches!(t, "dl" | "table" | "div"))
                    .into_iter()
                    .chain(self.find_open("dt", |t| matches!(t, "dl" | "table" | "div")))
                    .min();
                if let Some(k) = k {
                    self.pop_to(k, at);
                }
            }
            "tr" => {
                if let Some(k) = self.find_open("tr", |t| t == "table") {
                    self.pop_to(k, at);
                }
            }
            "td" | "th" => {
                let k = self
                    .find_open("td", |t| matches!(t, "tr" | "table"))
                    .into_iter()
                    .chain(self.find_open("th", |t| matches!(t, "tr" | "table")))
                    .min();
                if let Some(k) = k {
                    self.pop_to(k, at);
                }
            }
            "option" | "optgroup" if &*self.nodes[self.current()].tag == "option" => {
                let k = self.stack.len() - 1;
                self.pop_to(k, at);
            }
            "a" => {
                if let Some(k) = self.find_open("a", is_block_boundary) {
                    self.pop_to(k, at);
                }
            }
            _ if is_heading(tag) && is_heading(&self.nodes[self.current()].tag) => {
                let k = self.stack.len() - 1;
                self.pop_to(k, at);
            }
            _ => {}
        }
        let parent = self.current();
        let id = self.add(Node {
            tag: tag.into(),
            attrs,
            span,
            is_text: false,
            parent: Some(parent),
            children: Vec::new(),
        });
        if !is_void(tag) && self.stack.len() < MAX_DEPTH {
            self.stack.push(id);
        }
        Some(id)
    }

    fn end_tag(&mut self, tag: &str, span: Range<usize>) {
        match tag {
            "br" => {
                self.start_tag("br", Vec::new(), span);
            }
            "body" | "html" => {}
            _ => {
                let boundary: fn(&str) -> bool = if is_block_boundary(tag) {
                    |t| t == "html"
                } else {
                    is_block_boundary
                };
                if let Some(k) = self.find_open(tag, boundary) {
                    self.pop_to(k, span.end);
                }
            }
        }
    }
}

/// Finds `needle` (lowercase ASCII) in `hay` ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut from = 0;
    while let Some(p) = memchr::memchr(*first, &hay[from..]) {
        let i = from + p;
        if hay.len() >= i + needle.len() && hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Parses `src` into a tree. Never fails.
pub(crate) fn parse(src: &str) -> Dom<'_> {
    let bytes = src.as_bytes();
    let root = Node {
        tag: "".into(),
        attrs: Vec::new(),
        span: 0..src.len(),
        is_text: false,
        parent: None,
        children: Vec::new(),
    };
    let mut b = Builder {
        nodes: vec![root],
        stack: vec![0],
    };
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        let Some(p) = memchr::memchr(b'<', &bytes[i..]) else {
            b.text(src, i..n);
            break;
        };
        let lt = i + p;
        b.text(src, i..lt);
        let next = bytes.get(lt + 1).copied().unwrap_or(0);
        if next == b'!' {
            if bytes[lt..].starts_with(b"<!--") {
                i = memchr::memmem::find(&bytes[lt + 4..], b"-->").map_or(n, |e| lt + 4 + e + 3);
            } else {
                i = memchr::memchr(b'>', &bytes[lt..]).map_or(n, |e| lt + e + 1);
            }
        } else if next == b'?' {
            i = memchr::memchr(b'>', &bytes[lt..]).map_or(n, |e| lt + e + 1);
        } else if next == b'/' {
            let name_start = lt + 2;
            let mut j = name_start;
            while j < n && !bytes[j].is_ascii_whitespace() && bytes[j] != b'/' && bytes[j] != b'>' {
                j += 1;
            }
            let end = memchr::memchr(b'>', &bytes[j..]).map_or(n, |e| j + e + 1);
            if j > name_start && bytes[name_start].is_ascii_alphabetic() {
                let name = src[name_start..j].to_ascii_lowercase();
                b.end_tag(&name, lt..end);
            }
            i = end;
        } else if next.is_ascii_alphabetic() {
            let name_start = lt + 1;
            let mut j = name_start;
            while j < n && !bytes[j].is_ascii_whitespace() && bytes[j] != b'/' && bytes[j] != b'>' {
                j += 1;
            }
            let name = src[name_start..j].to_ascii_lowercase();
            let (attrs, end) = parse_attrs(src, j);
            i = end;
            // `/>` closes an element only in SVG and MathML, and stops a raw-text element (an
            // SVG `<title/>`) from swallowing the page.
            let self_closing = end >= 2 && bytes[end - 2] == b'/' && bytes[end - 1] == b'>';
            let foreign = b
                .stack
                .iter()
                .any(|&s| matches!(&*b.nodes[s].tag, "svg" | "math"));
            let Some(id) = b.start_tag(&name, attrs, lt..end) else {
                continue;
            };
            if self_closing && (foreign || is_raw_text(&name)) {
                if b.stack.last() == Some(&id) {
                    let k = b.stack.len() - 1;
                    b.pop_to(k, end);
                }
                continue;
            }
            if is_raw_text(&name) && b.stack.last() == Some(&id) {
                let close = [b"</".as_slice(), name.as_bytes()].concat();
                let (text_end, after) = match find_ci(&bytes[i..], &close) {
                    Some(e) => {
                        let e = i + e;
                        (
                            e,
                            memchr::memchr(b'>', &bytes[e..]).map_or(n, |x| e + x + 1),
                        )
                    }
                    None => (n, n),
                };
                b.text(src, i..text_end);
                let k = b.stack.len() - 1;
                b.pop_to(k, after);
                i = after;
            }
        } else {
            // A `<` that starts no tag is text.
            b.text(src, lt..lt + 1);
            i = lt + 1;
        }
    }
    let k = 1.min(b.stack.len());
    b.pop_to(k, n);
    Dom {
        src,
        nodes: b.nodes,
    }
}

/// Parses the attributes of a start tag from `from` (just after the name) to its `>`.
/// Returns the attributes and the offset just past the tag.
fn parse_attrs(src: &str, from: usize) -> (Attrs, usize) {
    let bytes = src.as_bytes();
    let n = bytes.len();
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while i < n && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= n {
            return (attrs, n);
        }
        if bytes[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < n && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        // A name that starts with `=` or a quote would not advance; take one byte.
        if i == name_start {
            i += 1;
        }
        let name = src[name_start..i].to_ascii_lowercase();
        while i < n && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = i..i;
        if i < n && bytes[i] == b'=' {
            i += 1;
            while i < n && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < n && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i];
                let vs = i + 1;
                let ve = memchr::memchr(q, &bytes[vs..]).map_or(n, |e| vs + e);
                value = vs..ve;
                i = (ve + 1).min(n);
            } else {
                let vs = i;
                while i < n && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = vs..i;
            }
        }
        if attrs.len() < 64 && !name.is_empty() {
            attrs.push((name.into_boxed_str(), value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(dom: &Dom<'_>, id: NodeId, out: &mut String) {
        let node = &dom.nodes[id];
        if node.is_text {
            out.push_str(dom.raw_text(id));
            return;
        }
        if id != 0 {
            out.push('(');
            out.push_str(&node.tag);
            out.push(' ');
        }
        for &c in &node.children {
            shape(dom, c, out);
        }
        if id != 0 {
            out.push(')');
        }
    }

    fn tree(src: &str) -> String {
        let dom = parse(src);
        let mut out = String::new();
        shape(&dom, 0, &mut out);
        out
    }

    #[test]
    fn implied_end_tags() {
        assert_eq!(tree("<p>a<p>b<div>c</div>"), "(p a)(p b)(div c)");
        assert_eq!(tree("<ul><li>a<li>b</ul>"), "(ul (li a)(li b))");
        assert_eq!(tree("<div><span>a</div>b"), "(div (span a))b");
        assert_eq!(tree("<div>a</span>b</div>"), "(div ab)");
    }

    #[test]
    fn head_closes_where_body_content_starts() {
        // `</head>` left out: `<body>`, any other tag that does not belong in a head, or text
        // closes it.
        assert_eq!(
            tree("<html><head><title>A</title><body><p>x</p></body></html>"),
            "(html (head (title A))(body (p x)))"
        );
        assert_eq!(
            tree("<head><title>A</title><link rel=icon><article><p>x"),
            "(head (title A)(link ))(article (p x))"
        );
        assert_eq!(
            tree("<head><meta charset=utf-8>\n<title>A</title>\nText"),
            "(head (meta )\n(title A))\nText"
        );
        // Whitespace and head elements stay in the head; `</head>` closes it as before.
        assert_eq!(
            tree("<html><head> <base href=x><style>p{}</style> </head><body>x</body></html>"),
            "(html (head  (base )(style p{}) )(body x))"
        );
        // A template in the head holds any markup without closing the head.
        assert_eq!(
            tree("<head><template><div>t</div></template><title>A</title><body>x"),
            "(head (template (div t))(title A))(body x)"
        );
    }

    #[test]
    fn raw_text_and_comments() {
        assert_eq!(
            tree("<script>if (a<b) x='</div>'</script>t"),
            "(script if (a<b) x='</div>')t"
        );
        assert_eq!(tree("a<!-- <p>x</p> -->b"), "ab");
        assert_eq!(tree("a < b"), "a < b");
    }

    #[test]
    fn attributes_and_spans() {
        let src = r#"<div class="x y" id=main data-a='1'>hi</div>"#;
        let dom = parse(src);
        let div = dom.elements("div").next().unwrap();
        assert_eq!(dom.attr(div, "class").as_deref(), Some("x y"));
        assert_eq!(dom.attr(div, "id").as_deref(), Some("main"));
        assert_eq!(&src[dom.nodes[div].span.clone()], src);
    }

    #[test]
    fn truncated_markup_does_not_panic() {
        for src in [
            "<",
            "<a",
            "<a href=\"",
            "</",
            "<!--",
            "<script>",
            "<p class=>x",
            "<é>",
        ] {
            let _ = parse(src);
        }
    }
}
