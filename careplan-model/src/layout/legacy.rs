//! The 3.x layouts (CSVバージョン 201910, 202003, 202208), derived from the 4.x tables.
//!
//! Spec LEGACY.md: before 4.0, 第6表 and 第7表 had no TAISコード, 福祉用具届出コード or
//! 用具名称; these sit right after サービスコード in 4.x, so a 3.x record has three items
//! fewer and every later item No. is three lower (第6表 22 items, 第7表 34). 3.x 第7表
//! 回数／日数 has 2 digits. The item counts are inferred from the 4.x tables, as LEGACY.md
//! says; no 3.x table is copied.
//!
//! 第7表 No.30 (3.x No.27) 前月までの利用日数 keeps length 5: edition 3.2 changed it from 2
//! to 5 without changing the version value 202208, so a 202208 file may hold either, and the
//! longer length accepts both.

use crate::value::Generation;

use super::item::Item;
use super::Layout;

/// The items 4.0 added, in order, right after サービスコード.
const ADDED_IN_4: [&str; 3] = ["TAISコード", "福祉用具届出コード", "用具名称（機種名）"];

/// The 4.x layouts that have a 3.x form, and the name of that form.
pub(crate) const DERIVED: [(&str, &str); 2] = [("TABLE6", "TABLE6_V3"), ("UPSIKYU", "UPSIKYU_V3")];

/// The 3.x form of a 4.x layout that has one (see [`DERIVED`]).
pub(crate) fn derive_v3(base: &Layout, name: &'static str) -> Result<Layout, String> {
    let start = base
        .items
        .iter()
        .position(|i| i.name == ADDED_IN_4[0])
        .ok_or_else(|| format!("{}: no {}", base.name, ADDED_IN_4[0]))?;
    let added = base
        .items
        .get(start..start + ADDED_IN_4.len())
        .ok_or_else(|| format!("{}: too few items after {}", base.name, ADDED_IN_4[0]))?;
    if added.iter().map(|i| i.name).ne(ADDED_IN_4) {
        return Err(format!("{}: the 4.0 items are not together", base.name));
    }
    let follows_service_code = start
        .checked_sub(1)
        .and_then(|i| base.items.get(i))
        .is_some_and(|i| i.name == "サービスコード");
    if !follows_service_code {
        return Err(format!(
            "{}: the 4.0 items do not follow サービスコード",
            base.name
        ));
    }
    let mut items: Vec<Item> = Vec::with_capacity(base.items.len() - ADDED_IN_4.len());
    for item in base
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| !(start..start + ADDED_IN_4.len()).contains(i))
        .map(|(_, item)| item)
    {
        let no = u16::try_from(items.len() + 1).map_err(|e| e.to_string())?;
        let mut item = item.renumbered(no);
        if base.name == "UPSIKYU" && item.name == "回数／日数" {
            item.set_length(Some(2));
        }
        items.push(item);
    }
    Ok(Layout {
        name,
        items,
        generation: Generation::V3,
    })
}
