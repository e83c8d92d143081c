//! The 介護予防 units: 利用者基本情報 is the parent of its 別表1, 別表2 and family-structure
//! images by 保険者番号 + 被保険者番号 + 相談日; 介護予防サービス・支援計画書 of its 別表 by
//! 保険者番号 + 被保険者番号 + 計画作成(変更)日.

use careplan_model::yobo_kihon::KihonRecord;
use careplan_model::yobo_kihon_sub2::KihonSub2Record;
use careplan_model::yobo_plan::YoboPlanRecord;
use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
use careplan_model::{FileKind, KihonSub1Record, Problem, ProblemKind, Severity};

use careplan_model::TypedRecord;

use super::finding::{files_of, missing_dependent, FirstByKey, Spot};
use crate::loaded::{LoadedFile, LoadedUnit};

pub(super) fn check_kihon(unit: &LoadedUnit<'_>, out: &mut Vec<Problem>) {
    let kihon_file = unit.file(FileKind::YoboKihon);
    let mut kihon = FirstByKey::firsts_in(unit, KihonRecord::KINDS, |f| &f.keys().kihon);
    // A record that did not type still has its key (No.2, No.3, No.4 相談日).
    if let Some(f) = kihon_file {
        kihon.add_untyped(&f.keys().untyped_kihon);
    }
    if kihon_file.is_some() {
        let sub1 = FirstByKey::firsts_in(unit, KihonSub1Record::KINDS, |f| &f.keys().kihon);
        let sub2 = FirstByKey::firsts_in(unit, KihonSub2Record::KINDS, |f| &f.keys().kihon);
        sub1.report_orphans(
            &kihon,
            FileKind::YoboKihon,
            kihon_file,
            Severity::Error,
            out,
        );
        sub2.report_orphans(
            &kihon,
            FileKind::YoboKihon,
            kihon_file,
            Severity::Error,
            out,
        );
    }
    // No.62 names the family-structure image sent with the record.
    let images: Vec<String> = unit
        .files()
        .filter(|f| f.kind() == Some(FileKind::YoboKihonImage))
        .map(|f| f.file_name().to_uppercase())
        .collect();
    for file in files_of(unit, KihonRecord::KINDS) {
        for (key, named, position) in &file.keys().images {
            if images.iter().any(|i| *i == named.to_uppercase()) {
                continue;
            }
            let r = Spot {
                file,
                position: *position,
            };
            let first_image = unit.file(FileKind::YoboKihonImage);
            let key = format!("{key} No.62 {named}");
            out.push(missing_dependent(
                &r,
                &key,
                FileKind::YoboKihonImage,
                first_image,
                Severity::Warning,
            ));
        }
    }
    out.extend(unnamed_images(unit));
}

/// The name a family-structure image is held under (as [`ReceiverState`] keeps it).
///
/// [`ReceiverState`]: crate::apply::ReceiverState
pub(crate) fn image_name(f: &LoadedFile) -> String {
    f.name()
        .map_or_else(|| f.file_name().to_uppercase(), ToString::to_string)
}

/// A [`MissingParent`](ProblemKind::MissingParent) warning for each family-structure image
/// of the unit that no 利用者基本情報 names in No.62, at the image and naming the UPKIHON
/// file (`related`): a receiver keeps an image only with the record naming it.
pub(crate) fn unnamed_images(unit: &LoadedUnit<'_>) -> Vec<Problem> {
    let named: Vec<String> = files_of(unit, KihonRecord::KINDS)
        .flat_map(|f| f.keys().images.iter())
        .map(|(_, n, _)| n.to_uppercase())
        .collect();
    let kihon_file = unit.file(FileKind::YoboKihon);
    unit.files()
        .filter(|f| f.kind() == Some(FileKind::YoboKihonImage))
        .filter(|f| !named.contains(&image_name(f)))
        .map(|f| {
            let mut p = Problem::warning(ProblemKind::MissingParent)
                .at(f.file_location())
                .found(format!(
                    "{} {}",
                    FileKind::YoboKihonImage.name_ja(),
                    f.file_name()
                ))
                // The UPKIHON file that would name it, when one was sent, is related.
                .expected(format!("{} No.62", FileKind::YoboKihon.name_ja()));
            if let Some(k) = kihon_file {
                p = p.related(k.file_location());
            }
            p
        })
        .collect()
}

pub(super) fn check_plan(unit: &LoadedUnit<'_>, out: &mut Vec<Problem>) {
    let plan_file = unit.file(FileKind::YoboPlan);
    if plan_file.is_none() {
        return;
    }
    let mut plans = FirstByKey::firsts_in(unit, YoboPlanRecord::KINDS, |f| &f.keys().yobo_plans);
    // A record that did not type still has its key (No.2, No.3, No.4 計画作成(変更)日).
    if let Some(f) = plan_file {
        plans.add_untyped(&f.keys().untyped_yobo_plans);
    }
    let subs = FirstByKey::firsts_in(unit, YoboPlanSubRecord::KINDS, |f| &f.keys().yobo_plans);
    subs.report_orphans(&plans, FileKind::YoboPlan, plan_file, Severity::Error, out);
}
