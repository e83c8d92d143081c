//! Reading a layout table (spec FORMAT.md) into a [`Layout`].

use crate::value::Generation;

use super::format::Format;
use super::item::{CodeValue, Item};
use super::Layout;

/// The header line every layout table starts with.
pub(crate) const HEADER: &str = "no\tname\tlength\trequired\tformat\tvalues\tnotes";

/// Reads the table `tsv` of layout `name`.
///
/// The tables are this crate's own data: an error here is a defect of the copy, found by
/// the unit tests, and the message names the table and line.
pub(crate) fn parse_layout(name: &'static str, tsv: &'static str) -> Result<Layout, String> {
    let mut lines = tsv.lines().enumerate();
    match lines.next() {
        Some((_, HEADER)) => {}
        other => return Err(format!("{name}: line 1 is not the header: {other:?}")),
    }
    let mut items = Vec::new();
    for (i, line) in lines {
        let at = |msg: &str| format!("{name}.tsv line {}: {msg}: {line}", i + 1);
        if line.is_empty() {
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [no, item_name, length, required, format, values, notes] = cols[..] else {
            return Err(at("not 7 columns"));
        };
        let no: u16 = no.parse().map_err(|_| at("bad no"))?;
        if usize::from(no) != items.len() + 1 {
            return Err(at("items are not numbered 1, 2, 3 …"));
        }
        if item_name.is_empty() {
            return Err(at("empty name"));
        }
        let length = match length {
            "-" => None,
            n => Some(n.parse::<u16>().map_err(|_| at("bad length"))?),
        };
        let required = match required {
            "Y" => true,
            "" => false,
            _ => return Err(at("required is neither Y nor empty")),
        };
        let format: Format = format.parse().map_err(|_| at("unknown format"))?;
        let values = parse_values(values).ok_or_else(|| at("values are not key:meaning;…"))?;
        if format == Format::Code && values.is_empty() {
            return Err(at("a code item without values"));
        }
        items.push(Item::new(
            no, item_name, length, required, format, values, notes,
        ));
    }
    if items.is_empty() {
        return Err(format!("{name}: no items"));
    }
    Ok(Layout {
        name,
        items,
        generation: Generation::V4,
    })
}

/// `key:meaning;key:meaning` → pairs; `None` if a pair has no `:`.
fn parse_values(s: &'static str) -> Option<Vec<CodeValue>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    s.split(';')
        .map(|pair| {
            pair.split_once(':')
                .filter(|(k, _)| !k.is_empty())
                .map(|(k, m)| CodeValue::new(k, m))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "no\tname\tlength\trequired\tformat\tvalues\tnotes\n\
        1\tCSVバージョン\t6\tY\tyyyymm\t\t\n\
        2\t性別\t1\t\tcode\t1:男性;2:女性\tnote\n";

    #[test]
    fn reads_a_table() {
        let l = parse_layout("T", GOOD).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l.items[1].values.len(), 2);
        assert_eq!(l.items[1].values[1].meaning, "女性");
        assert!(l.items[0].is_version());
    }

    #[test]
    fn rejects_malformed_tables() {
        let bad = [
            "no\tname\n1\tx\t1\tY\ttext\t\t\n",
            "no\tname\tlength\trequired\tformat\tvalues\tnotes\n1\tx\t1\tY\ttext\t\n",
            "no\tname\tlength\trequired\tformat\tvalues\tnotes\n2\tx\t1\tY\ttext\t\t\n",
            "no\tname\tlength\trequired\tformat\tvalues\tnotes\n1\tx\tten\tY\ttext\t\t\n",
            "no\tname\tlength\trequired\tformat\tvalues\tnotes\n1\tx\t1\t○\ttext\t\t\n",
            "no\tname\tlength\trequired\tformat\tvalues\tnotes\n1\tx\t1\tY\tdate\t\t\n",
            "no\tname\tlength\trequired\tformat\tvalues\tnotes\n1\tx\t1\tY\tcode\t\t\n",
            "no\tname\tlength\trequired\tformat\tvalues\tnotes\n1\tx\t1\tY\tcode\t1-a\t\n",
            "no\tname\tlength\trequired\tformat\tvalues\tnotes\n",
        ];
        for tsv in bad {
            assert!(parse_layout("T", tsv).is_err(), "{tsv}");
        }
    }
}
