//! Unit tests of extraction: the fixtures in `test_data/` (regenerated with `UPDATE_EXPECT=1`),
//! metadata cases, charset decoding, limits, provenance, and a proptest that no input panics.

use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;

use crate::{Error, ExtractConfig, Extracted, decode, extract};

/// Renders an extraction for an `.expected` file.
fn render(a: &Extracted) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "title: {:?}", a.title);
    let _ = writeln!(out, "authors: {:?}", a.authors);
    let _ = writeln!(out, "date: {:?}", a.date);
    let _ = writeln!(out, "site: {:?}", a.site);
    let _ = writeln!(out, "canonical_url: {:?}", a.canonical_url);
    let _ = writeln!(out, "language: {:?}", a.language);
    for p in &a.paragraphs {
        let _ = writeln!(out, "[{:?}] {}", p.kind, p.text);
    }
    out
}

/// Checks every paragraph's span: in bounds, on char boundaries, and holding the text's first
/// and last characters (the span covers markup and entities in between).
fn assert_spans(html: &str, a: &Extracted) {
    for p in &a.paragraphs {
        let src = html.get(p.source.clone()).expect("span on char boundaries");
        let first = p.text.chars().next().expect("non-empty paragraph");
        let last = p.text.chars().last().expect("non-empty paragraph");
        if first.is_alphanumeric() {
            assert!(
                src.starts_with(first),
                "{src:?} does not start with {first:?}"
            );
        }
        if last.is_alphanumeric() || last == '.' {
            assert!(src.ends_with(last), "{src:?} does not end with {last:?}");
        }
    }
}

fn check_dir(dir: &str, f: impl Fn(&str) -> String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut seen = 0;
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        seen += 1;
        let html = std::fs::read_to_string(path).unwrap();
        let got = f(&html);
        let expected_path = path.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} missing; run with UPDATE_EXPECT=1",
                expected_path.display()
            )
        });
        assert_eq!(got, expected, "{}", path.display());
    }
    assert!(seen > 0, "no fixtures in {}", dir.display());
}

fn fixture_config() -> ExtractConfig {
    ExtractConfig {
        min_chars: 100,
        ..ExtractConfig::default()
    }
}

#[test]
fn ok_fixtures() {
    check_dir("ok", |html| {
        let a = extract(
            html,
            Some("https://www.courier.example/news/2024/03/05/dam-opens"),
            &fixture_config(),
        )
        .expect("an article");
        assert_spans(html, &a);
        render(&a)
    });
}

#[test]
fn err_fixtures() {
    check_dir("err", |html| match extract(html, None, &fixture_config()) {
        Ok(a) => format!("unexpected article:\n{}", render(&a)),
        Err(e) => format!("{e}\n"),
    });
}

#[test]
fn news_article_keeps_body_and_drops_furniture() {
    let html = include_str!("../test_data/ok/0001_news_article.html");
    let a = extract(html, None, &fixture_config()).unwrap();
    let text = a.text();
    for kept in [
        "valley’s farms",
        "What changes for the farms",
        "meters are fitted",
        "We have waited a decade",
        "fish ladders",
    ] {
        assert!(text.contains(kept), "missing {kept:?} in {text}");
    }
    for dropped in [
        "cookies",
        "Share on",
        "Related",
        "River levels",
        "Photo:",
        "Great news",
        "All rights",
        "Home",
    ] {
        assert!(!text.contains(dropped), "kept {dropped:?} in {text}");
    }
    use crate::ParagraphKind::*;
    let kinds: Vec<_> = a.paragraphs.iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&Heading) && kinds.contains(&ListItem) && kinds.contains(&Quote));
}

#[test]
fn metadata_from_json_ld() {
    let html = include_str!("../test_data/ok/0001_news_article.html");
    let a = extract(html, None, &fixture_config()).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Dam opens after ten years of work")
    );
    assert_eq!(a.authors, ["Ana Reyes", "Tom Blake"]);
    assert_eq!(a.date.as_deref(), Some("2024-03-05T09:30:00+01:00"));
    assert_eq!(a.site.as_deref(), Some("Port Aurel Courier"));
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://courier.example/news/2024/03/05/dam-opens")
    );
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn metadata_from_open_graph_meta_and_url() {
    let html = include_str!("../test_data/ok/0002_open_graph_and_breaks.html");
    let a = extract(
        html,
        Some("https://rail.example/2023/11/20/night-trains"),
        &fixture_config(),
    )
    .unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Night trains return to the coast line")
    );
    assert_eq!(a.authors, ["Lena Fischer"]);
    assert_eq!(a.date.as_deref(), Some("2023-11-20"));
    assert_eq!(a.site.as_deref(), Some("Rail Weekly"));
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://rail.example/night-trains")
    );
    assert_eq!(a.language.as_deref(), Some("de"));
    assert_eq!(a.paragraphs.len(), 3, "{}", a.text());
}

#[test]
fn date_from_time_element_and_site_from_host() {
    let body = "<p>".to_owned()
        + &"A sentence of the article that is long enough to count. ".repeat(6)
        + "</p>";
    let html = format!(
        "<html><body><article><time datetime='2021-07-09'>9 July</time>{body}</article></body></html>"
    );
    let a = extract(
        &html,
        Some("https://www.news.example/story"),
        &fixture_config(),
    )
    .unwrap();
    assert_eq!(a.date.as_deref(), Some("2021-07-09"));
    assert_eq!(a.site.as_deref(), Some("news.example"));
}

#[test]
fn listing_page_is_not_an_article() {
    let html = include_str!("../test_data/err/0001_listing_page.html");
    assert!(matches!(
        extract(html, None, &ExtractConfig::default()),
        Err(Error::NotAnArticle { .. })
    ));
    assert!(matches!(
        extract("", None, &ExtractConfig::default()),
        Err(Error::NotAnArticle { .. })
    ));
}

#[test]
fn too_large_is_refused() {
    let config = ExtractConfig {
        max_bytes: 10,
        ..ExtractConfig::default()
    };
    let e = extract("<p>more than ten bytes</p>", None, &config).unwrap_err();
    assert!(
        matches!(
            e,
            Error::TooLarge {
                size: 26,
                limit: 10
            }
        ),
        "{e}"
    );
}

#[test]
fn giant_single_line_page() {
    let para = "<p>".to_owned() + &"word and another word in a sentence. ".repeat(20) + "</p>";
    let html = "<html><body><div>".to_owned() + &para.repeat(5000) + "</div></body></html>";
    assert!(!html.contains('\n') && html.len() > 3_000_000);
    let a = extract(&html, None, &ExtractConfig::default()).unwrap();
    assert_eq!(a.paragraphs.len(), 5000);
}

#[test]
fn deep_nesting_is_capped() {
    let html = "<div>".repeat(100_000) + "text";
    let _ = extract(&html, None, &ExtractConfig::default());
}

#[test]
fn decodes_declared_and_guessed_charsets() {
    assert_eq!(decode(b"<p>caf\xc3\xa9</p>"), "<p>café</p>");
    let latin = b"<meta charset=\"windows-1252\"><p>caf\xe9 \x93quoted\x94</p>";
    assert_eq!(
        decode(latin),
        "<meta charset=\"windows-1252\"><p>café “quoted”</p>"
    );
    assert_eq!(decode(b"\xef\xbb\xbf<p>bom</p>"), "<p>bom</p>");
    // Undeclared and not UTF-8: guessed.
    let guessed = decode(b"<p>Gr\xfc\xdfe aus M\xfcnchen und K\xf6ln</p>");
    assert!(guessed.contains("Grüße"), "{guessed}");
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,400}") {
        if let Ok(a) = extract(&s, None, &ExtractConfig { min_chars: 0, ..ExtractConfig::default() }) {
            for p in &a.paragraphs {
                prop_assert!(s.get(p.source.clone()).is_some());
            }
        }
    }

    #[test]
    fn arbitrary_markup_never_panics(
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "<p>", "</p>", "<div class='content'>", "</div>", "<li>", "<ul>", "</ul>", "<a href=x>", "</a>",
                "<script>", "</script>", "<!--", "-->", "<svg><title/>", "</svg>", "<br>", "&amp;", "&#x", ";",
                "<h2>", "</h2>", "<table><tr><td>", "<", ">", "\"", "'", "=", " ", "é", "word ", "A sentence here. ",
                "<b>", "</b>", "<blockquote>", "<nav>", "<div style='display:none'>", "<title>", "<textarea>",
            ]),
            0..200,
        )
    ) {
        let html: String = parts.concat();
        if let Ok(a) = extract(&html, Some("http://x/2020/01/02/y"), &ExtractConfig { min_chars: 0, ..ExtractConfig::default() }) {
            for p in &a.paragraphs {
                prop_assert!(html.get(p.source.clone()).is_some());
                prop_assert!(!p.text.is_empty());
            }
        }
    }

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode(&bytes);
    }
}

#[test]
fn furniture_inside_and_around_the_text_is_dropped() {
    let html = include_str!("../test_data/ok/0004_gallery_cards_and_bio.html");
    let a = extract(html, None, &fixture_config()).unwrap();
    let text = a.text();
    for kept in [
        "Mayor Ruth Obi picked her favourite",
        "The brass arm",
        "takes no floor space",
        "Thanks for reading!",
    ] {
        assert!(text.contains(kept), "missing {kept:?} in {text}");
    }
    for dropped in [
        "Ada Lindqvist",
        "March 5",
        "library wing",
        "password",
        "harbour district",
        "Seven chairs",
        "555-0100",
    ] {
        assert!(!text.contains(dropped), "kept {dropped:?} in {text}");
    }
}

#[test]
fn headline_matches_title_with_site_suffix() {
    assert!(crate::is_headline(
        "Rain floods the city",
        "Rain floods the city"
    ));
    assert!(crate::is_headline(
        "Rain floods the city",
        "Rain floods the city | Daily News"
    ));
    assert!(!crate::is_headline("Rain", "Rain floods the city"));
}

/// An article body of two paragraphs, long enough for the default `min_chars`.
const FLOOD_BODY: &str = "<article><p>The Lower Weir gave way before dawn on Friday after a week of \
    storms, sending water through the old mill quarter and forcing two hundred families from their \
    homes, the council said.</p><p>Volunteers with boats ferried people from upper windows until \
    noon, and the school on Kiln Street opened its hall to those who had nowhere else to sleep.\
    </p></article>";

/// The text extracted from [`FLOOD_BODY`].
fn flood_text() -> String {
    "The Lower Weir gave way before dawn on Friday after a week of storms, sending water through \
     the old mill quarter and forcing two hundred families from their homes, the council said.\n\
     Volunteers with boats ferried people from upper windows until noon, and the school on Kiln \
     Street opened its hall to those who had nowhere else to sleep."
        .to_owned()
}

#[test]
fn left_out_head_end_tag_keeps_the_text_and_the_metadata() {
    let head = "<title>Weir fails | Mill Gazette</title>\
                <meta name=author content='Ines Vale'><link rel=canonical href='https://gazette.example/weir'>";
    for html in [
        format!("<html><head>{head}<body>{FLOOD_BODY}</body></html>"),
        format!("<head>{head}<body>{FLOOD_BODY}"),
        format!("<!doctype html><html lang=en><head>{head}\n{FLOOD_BODY}</html>"),
        format!("{head}<body>{FLOOD_BODY}"),
        format!("{head}{FLOOD_BODY}"),
        format!("<html><head>{head}</head><body>{FLOOD_BODY}</body></html>"),
    ] {
        let a = extract(&html, None, &ExtractConfig::default())
            .unwrap_or_else(|e| panic!("{e}: {html}"));
        assert_eq!(a.text(), flood_text(), "{html}");
        assert_eq!(
            a.title.as_deref(),
            Some("Weir fails | Mill Gazette"),
            "{html}"
        );
        assert_eq!(a.authors, ["Ines Vale"], "{html}");
        assert_eq!(
            a.canonical_url.as_deref(),
            Some("https://gazette.example/weir"),
            "{html}"
        );
    }
}

proptest! {
    /// Whichever of `<html>`, `<head>`, `</head>`, `<body>` and their end tags a page leaves out,
    /// as HTML allows, the article and its metadata are read alike.
    #[test]
    fn optional_document_tags_change_nothing(
        html_tags in any::<bool>(),
        head_start in any::<bool>(),
        head_end in any::<bool>(),
        body_start in any::<bool>(),
        body_end in any::<bool>(),
        extra in prop::collection::vec(
            prop::sample::select(vec![
                "<meta name=author content='Ines Vale'>",
                "<meta charset=utf-8>",
                "<link rel=stylesheet href=a.css>",
                "<style>p { color: red }</style>",
                "<script>var s = '<p>not article text</p>';</script>",
                "<base href='/'>",
                "<noscript><img src=pixel.gif></noscript>",
                "<template><div>not article text</div></template>",
                " ",
                "\n",
            ]),
            0..6,
        ),
        title_at in 0usize..6,
    ) {
        let mut head_items: Vec<&str> = extra.clone();
        head_items.insert(title_at.min(head_items.len()), "<title>Weir fails</title>");
        let mut html = String::new();
        if html_tags {
            html.push_str("<html>");
        }
        if head_start {
            html.push_str("<head>");
        }
        html.push_str(&head_items.concat());
        if head_end {
            html.push_str("</head>");
        }
        if body_start {
            html.push_str("<body>");
        }
        html.push_str(FLOOD_BODY);
        if body_end {
            html.push_str("</body>");
        }
        if html_tags {
            html.push_str("</html>");
        }
        let a = extract(&html, None, &ExtractConfig::default());
        prop_assert!(a.is_ok(), "{:?}: {}", a.err(), html);
        let a = a.unwrap();
        prop_assert_eq!(a.text(), flood_text());
        prop_assert_eq!(a.title.as_deref(), Some("Weir fails"));
        let authors: &[&str] = if extra.iter().any(|e| e.contains("Ines")) { &["Ines Vale"] } else { &[] };
        prop_assert_eq!(&a.authors, authors);
    }
}

/// A Chinese report of three sentences (108 characters with punctuation).
const CHINESE_BODY: &str = "<article><p>周二清晨，港口镇上游的水坝在连日暴雨后决堤，洪水涌入下城区，官方称至少十二人死亡。</p>\
    <p>来自三个邻近省份的救援队连夜工作，用船只把困在屋顶上的居民转移到安全地带。</p>\
    <p>市长表示，学校将暂时停课，体育馆已开放给无家可归的家庭过夜。</p></article>";

#[test]
fn a_few_chinese_or_japanese_sentences_are_an_article() {
    let chinese = format!(
        "<html lang=zh><head><title>水坝决堤</title></head><body><nav><a href=/>首页</a></nav>{CHINESE_BODY}</body></html>"
    );
    let a = extract(&chinese, None, &ExtractConfig::default()).unwrap();
    assert_eq!(a.paragraphs.len(), 3, "{}", a.text());
    assert!(a.text().starts_with("周二清晨"), "{}", a.text());
    let japanese = "<html lang=ja><body><article>\
        <p>火曜日の早朝、大雨が続いた後に港町のダムが決壊し、下町が浸水した。当局によると、少なくとも十二人が死亡した。</p>\
        <p>近隣の三つの県から来た救助隊が夜通し活動し、屋根の上に取り残された住民を救出した。</p>\
        </article></body></html>";
    let a = extract(japanese, None, &ExtractConfig::default()).unwrap();
    assert_eq!(a.paragraphs.len(), 2, "{}", a.text());
}

#[test]
fn chinese_navigation_and_one_line_are_not_an_article() {
    let mut listing = String::from("<html lang=zh><body><ul class=menu>");
    for label in [
        "首页", "国内", "国际", "财经", "体育", "娱乐", "科技", "汽车",
    ] {
        listing.push_str(&format!("<li><a href=/{label}>{label}</a></li>"));
    }
    listing.push_str("</ul><div class=list>");
    for (i, headline) in [
        "港口镇水坝决堤造成严重洪灾",
        "救援队连夜转移被困居民",
        "市政府公布新的防洪计划",
        "气象台发布暴雨橙色预警",
        "多所学校宣布暂时停课",
    ]
    .iter()
    .enumerate()
    {
        listing.push_str(&format!(
            "<div class=item><h3><a href=/n/{i}>{headline}</a></h3><span>社会新闻</span><span>三月五日</span></div>"
        ));
    }
    listing.push_str("</div></body></html>");
    assert!(matches!(
        extract(&listing, None, &ExtractConfig::default()),
        Err(Error::NotAnArticle { .. })
    ));
    // One sentence of 36 characters, 32 of them Chinese, weighs 100, short of 200; the reason
    // says how it was counted.
    let one_line = "<html><body><article><p>周二清晨，港口镇上游的水坝在连日暴雨后决堤，洪水涌入下城区，十二人死亡。</p></article></body></html>";
    let e = extract(one_line, None, &ExtractConfig::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "not an article: 36 characters of article text, 100 counting each Chinese, Japanese or \
         Korean character as 3 (fewer than 200), 1 text blocks of which 0 are links or boilerplate"
    );
}

#[test]
fn chinese_text_after_a_link_is_stepped_to_like_latin_text() {
    // Widening steps over a "related" link when enough text follows it: 150 Latin characters,
    // or 50 Chinese ones.
    let html = format!(
        "<html><body><div class=story>{CHINESE_BODY}</div>\
         <div><a href=/plan>相关新闻：市政府公布新的防洪计划</a></div>\
         <div><p>气象部门预计，未来三天上游山区仍有强降雨，河水还会继续上涨，下游五个村庄的居民已被要求收拾好行李，做好撤离准备。</p></div>\
         </body></html>"
    );
    let a = extract(&html, None, &ExtractConfig::default()).unwrap();
    assert!(a.text().ends_with("做好撤离准备。"), "{}", a.text());
    assert!(!a.text().contains("相关新闻"), "{}", a.text());
}

#[test]
fn a_bold_chinese_paragraph_is_not_a_subheading() {
    let html = format!(
        "<html><body><article><p><b>港口镇上游的水坝周二清晨在连日暴雨后决堤，洪水涌入下城区和老码头，当局已将两千多名居民转移到镇北的安全地带。</b></p>\
         {CHINESE_BODY}</article></body></html>"
    );
    let a = extract(&html, None, &ExtractConfig::default()).unwrap();
    assert_eq!(a.paragraphs[0].kind, crate::ParagraphKind::Paragraph);
}
