//! Building a file name part by part.

use careplan_model::value::{OfficeNumber, ServiceKind, YearMonth};
use careplan_model::FileKind;

use super::error::{NameFlaw, NamePart, Reason};
use super::month::UNSET;
use super::party::{KindSegment, Party};
use super::sequence::Sequence;
use super::{FileName, NameStyle};
use crate::error::Error;

/// Builds a [`FileName`]. Every part the kind has is required: a missing part is an error,
/// never an empty segment (PITFALLS: `UPJSK_202504_1310000002_11___2025….CSV`).
///
/// The style is [`NameStyle::V41`] unless set. [`NameStyle::Legacy`] drops the parties'
/// service-kind codes; [`NameStyle::V40`] needs parties made with [`Party::v40`]. The
/// builder refuses what only lenient reading keeps (a 15-digit sequence number): writers
/// write the standard.
///
/// ```
/// use careplan_csv::{ErrorKind, FileName, NamePart, NameStyle, Sequence};
/// use careplan_model::value::{OfficeNumber, ServiceKind};
/// use careplan_model::FileKind;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let sender: OfficeNumber = "0300000100".parse()?;
///     let receiver: OfficeNumber = "0300000005".parse()?;
///     let (care, visit): (ServiceKind, ServiceKind) = ("43".parse()?, "11".parse()?);
///     let builder = FileName::builder(FileKind::YoboKihonImage)
///         .sender(sender, care)
///         .receiver(receiver, visit)
///         .sequence(Sequence::parse("20191025200201")?);
///     // The image needs its branch number.
///     let err = builder.build().unwrap_err();
///     assert!(matches!(err.kind(), ErrorKind::InvalidName(flaw) if flaw.part() == NamePart::Branch));
///     let image = builder.branch(1).build()?;
///     assert_eq!(image.to_string(), "UPKIHON_IMAGE_0300000100_43_0300000005_11_20191025200201_0001.JPG");
///
///     let legacy = FileName::builder(FileKind::Plan1)
///         .sender(sender, care)
///         .receiver(receiver, visit)
///         .sequence(Sequence::parse("20191025200201")?)
///         .style(NameStyle::Legacy)
///         .build()?;
///     assert_eq!(legacy.to_string(), "UP1KYO_0300000100_0300000005_20191025200201.CSV");
///     Ok(())
/// }
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct FileNameBuilder {
    kind: FileKind,
    /// `Some(None)` for `000000`.
    month: Option<Option<YearMonth>>,
    sender: Option<Party>,
    receiver: Option<Party>,
    sequence: Option<Sequence>,
    branch: Option<u16>,
    style: NameStyle,
}

impl FileNameBuilder {
    /// A builder for a name of `kind`, with no parts yet and style [`NameStyle::V41`].
    pub fn new(kind: FileKind) -> FileNameBuilder {
        FileNameBuilder {
            kind,
            month: None,
            sender: None,
            receiver: None,
            sequence: None,
            branch: None,
            style: NameStyle::V41,
        }
    }

    /// Sets the kind (keeping every other part).
    pub fn kind(mut self, kind: FileKind) -> FileNameBuilder {
        self.kind = kind;
        self
    }

    /// Sets the 対象年月 (required for the monthly kinds, refused for the others).
    pub fn month(mut self, month: YearMonth) -> FileNameBuilder {
        self.month = Some(Some(month));
        self
    }

    /// Sets the 対象年月 to `000000`: a UPHOSOKU sent with 第1表/第2表/第3表 (refused for
    /// every other kind).
    ///
    /// ```
    /// use careplan_csv::{FileName, Sequence};
    /// use careplan_model::FileKind;
    /// let name = FileName::builder(FileKind::Hosoku)
    ///     .month_unset()
    ///     .sender("0300000100".parse().unwrap(), "43".parse().unwrap())
    ///     .receiver("0300000005".parse().unwrap(), "11".parse().unwrap())
    ///     .sequence(Sequence::parse("20191025200201")?)
    ///     .build()?;
    /// assert_eq!(name.month(), None);
    /// assert_eq!(name.to_string(), "UPHOSOKU_000000_0300000100_43_0300000005_11_20191025200201.CSV");
    /// # Ok::<(), careplan_csv::Error>(())
    /// ```
    pub fn month_unset(mut self) -> FileNameBuilder {
        self.month = Some(None);
        self
    }

    /// Removes the 対象年月 (e.g. after [`kind`](FileNameBuilder::kind) to a kind without one).
    pub fn no_month(mut self) -> FileNameBuilder {
        self.month = None;
        self
    }

    /// Sets the sender's office number and service-kind code.
    pub fn sender(mut self, office: OfficeNumber, kind: ServiceKind) -> FileNameBuilder {
        self.sender = Some(Party::new(office, kind));
        self
    }

    /// Sets the receiver's office number and service-kind code.
    pub fn receiver(mut self, office: OfficeNumber, kind: ServiceKind) -> FileNameBuilder {
        self.receiver = Some(Party::new(office, kind));
        self
    }

    /// Sets the sender as a [`Party`] (of any form).
    pub fn sender_party(mut self, party: Party) -> FileNameBuilder {
        self.sender = Some(party);
        self
    }

    /// Sets the receiver as a [`Party`] (of any form).
    pub fn receiver_party(mut self, party: Party) -> FileNameBuilder {
        self.receiver = Some(party);
        self
    }

    /// Sets the ファイル連番.
    pub fn sequence(mut self, sequence: Sequence) -> FileNameBuilder {
        self.sequence = Some(sequence);
        self
    }

    /// Sets the 枝番 (0–9999; UPKIHON_IMAGE only, where it is required).
    pub fn branch(mut self, branch: u16) -> FileNameBuilder {
        self.branch = Some(branch);
        self
    }

    /// Removes the 枝番.
    pub fn no_branch(mut self) -> FileNameBuilder {
        self.branch = None;
        self
    }

    /// Sets the form of the name.
    pub fn style(mut self, style: NameStyle) -> FileNameBuilder {
        self.style = style;
        self
    }

    /// Builds the name.
    ///
    /// # Errors
    /// An [`Error`] of kind [`InvalidName`](crate::ErrorKind::InvalidName), its
    /// [`NameFlaw`] naming the first part that is missing or not allowed.
    pub fn build(&self) -> Result<FileName, Error> {
        Ok(self.name()?)
    }

    /// The name, or what is wrong with its parts.
    fn name(&self) -> Result<FileName, NameFlaw> {
        let kind = self.kind;
        let month = match (kind.month_in_name(), self.month) {
            (true, None) => return Err(NameFlaw::new(NamePart::Month, Reason::Missing, "")),
            (true, Some(None)) if kind != FileKind::Hosoku => {
                return Err(NameFlaw::new(
                    NamePart::Month,
                    Reason::UnsetMonth { kind },
                    UNSET,
                ));
            }
            (true, Some(m)) => m,
            (false, Some(m)) => {
                return Err(NameFlaw::new(
                    NamePart::Month,
                    Reason::UnexpectedMonth { kind },
                    m.map_or_else(|| UNSET.to_string(), |m| m.to_string()),
                ))
            }
            (false, None) => None,
        };
        let sender = self.party(self.sender, NamePart::SenderOffice, NamePart::SenderKind)?;
        let receiver = self.party(
            self.receiver,
            NamePart::ReceiverOffice,
            NamePart::ReceiverKind,
        )?;
        let sequence = self
            .sequence
            .ok_or_else(|| NameFlaw::new(NamePart::Sequence, Reason::Missing, ""))?;
        if !sequence.is_standard() {
            return Err(NameFlaw::new(
                NamePart::Sequence,
                Reason::Digits { want: 14 },
                sequence.as_str(),
            ));
        }
        let branch = match (kind == FileKind::YoboKihonImage, self.branch) {
            (true, None) => return Err(NameFlaw::new(NamePart::Branch, Reason::MissingBranch, "")),
            (true, Some(n)) if n > 9999 => {
                return Err(NameFlaw::new(
                    NamePart::Branch,
                    Reason::Digits { want: 4 },
                    n.to_string(),
                ))
            }
            (false, Some(n)) => {
                return Err(NameFlaw::new(
                    NamePart::Branch,
                    Reason::UnexpectedBranch { kind },
                    format!("{n:04}"),
                ))
            }
            (_, b) => b,
        };
        Ok(FileName {
            kind,
            month,
            sender,
            receiver,
            sequence,
            branch,
        })
    }

    /// A party checked against the style.
    fn party(
        &self,
        party: Option<Party>,
        office_part: NamePart,
        kind_part: NamePart,
    ) -> Result<Party, NameFlaw> {
        let party = party.ok_or_else(|| NameFlaw::new(office_part, Reason::Missing, ""))?;
        let office = party.office();
        let segment = party.segment();
        match (self.style, segment) {
            (NameStyle::Legacy, _) => Ok(Party::legacy(office)),
            (NameStyle::V40, KindSegment::V40(_)) => Ok(party),
            (NameStyle::V40, _) => Err(NameFlaw::new(kind_part, Reason::Missing, "")
                .expecting(format!("{}(3桁, 4.0)", kind_part.name_ja()))),
            (_, KindSegment::Kind(_)) => Ok(party),
            (_, _) => Err(NameFlaw::new(kind_part, Reason::Missing, "")),
        }
    }
}
