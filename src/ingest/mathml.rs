//! Mathematics in HTML, reduced to a TeX-like source the script stage can
//! judge (read it if simple, announce it if not). Pages carry math three
//! ways: MathML (`<math>`), KaTeX (MathML with the TeX in an
//! `<annotation encoding="application/x-tex">`, beside a visual copy), and
//! MathJax (v2 keeps the TeX in `<script type="math/tex">`, v3 an
//! assistive MathML copy inside `<mjx-container>`).

use scraper::ElementRef;

/// A command no simple reading knows: the script stage announces such math.
const OPAQUE: &str = "\\opaque ";

/// The TeX annotation inside `el`, if any (KaTeX, and MathML that kept its
/// source).
pub fn tex_annotation(el: &ElementRef) -> Option<String> {
    el.descendants()
        .filter_map(ElementRef::wrap)
        .find(|d| {
            d.value().name() == "annotation"
                && d.value().attr("encoding") == Some("application/x-tex")
        })
        .map(|a| a.text().collect::<String>().trim().to_string())
}

/// The source of a `<math>` element: its TeX annotation, else its
/// presentation markup written as TeX.
pub fn source(math: &ElementRef) -> String {
    tex_annotation(math).unwrap_or_else(|| {
        let mut out = String::new();
        write(math, &mut out);
        out
    })
}

fn children_of<'a>(el: &ElementRef<'a>) -> Vec<ElementRef<'a>> {
    el.children().filter_map(ElementRef::wrap).collect()
}

fn write(el: &ElementRef, out: &mut String) {
    let kids = children_of(el);
    let part = |k: Option<&ElementRef>| -> String {
        let mut s = String::new();
        if let Some(k) = k {
            write(k, &mut s);
        }
        s
    };
    match el.value().name() {
        "mi" | "mn" | "mtext" => out.push_str(el.text().collect::<String>().trim()),
        "mo" => {
            let op = el.text().collect::<String>();
            out.push(' ');
            out.push_str(match op.trim() {
                "−" => "-",
                "⋅" | "·" | "∗" => "×",
                "\u{2061}" | "\u{2062}" => "",
                o => o,
            });
            out.push(' ');
        }
        "msup" => out.push_str(&format!(
            "{{{}}}^{{{}}}",
            part(kids.first()),
            part(kids.get(1))
        )),
        "msub" => out.push_str(&format!(
            "{{{}}}_{{{}}}",
            part(kids.first()),
            part(kids.get(1))
        )),
        "mfrac" => out.push_str(&format!(
            "\\frac{{{}}}{{{}}}",
            part(kids.first()),
            part(kids.get(1))
        )),
        "msqrt" => {
            let mut inner = String::new();
            for k in &kids {
                write(k, &mut inner);
            }
            out.push_str(&format!("\\sqrt{{{inner}}}"));
        }
        // The first child of `semantics` is the presentation.
        "semantics" => {
            if let Some(k) = kids.first() {
                write(k, out);
            }
        }
        "math" | "mrow" | "mstyle" | "mpadded" | "mphantom" => {
            for k in &kids {
                write(k, out);
            }
        }
        "annotation" | "annotation-xml" => {}
        // Sums, integrals, matrices, roots of other degrees…: not read.
        _ => out.push_str(OPAQUE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn math_of(html: &str) -> String {
        let doc = Html::parse_fragment(html);
        let sel = Selector::parse("math").unwrap();
        source(&doc.select(&sel).next().unwrap())
    }

    #[test]
    fn presentation_markup_becomes_tex() {
        let m = math_of(
            "<math><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><msup><mi>y</mi><mn>2</mn></msup></math>",
        );
        assert_eq!(m.split_whitespace().collect::<String>(), "{x}^{2}+{y}^{2}");
        let m = math_of("<math><mfrac><mi>a</mi><mi>b</mi></mfrac></math>");
        assert_eq!(m, "\\frac{a}{b}");
        let m = math_of("<math><munderover><mo>∑</mo><mi>i</mi><mi>n</mi></munderover></math>");
        assert!(m.contains("\\opaque"));
    }

    #[test]
    fn a_tex_annotation_wins() {
        let m = math_of(
            "<math><semantics><mi>x</mi><annotation encoding=\"application/x-tex\">x^2</annotation></semantics></math>",
        );
        assert_eq!(m, "x^2");
    }
}
