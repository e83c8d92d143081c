//! Building a file name part by part.

use careplan_model::FileKind;

use super::error::{NameError, NamePart, Reason};
use super::month::NameMonth;
use super::office::OfficeNumber;
use super::party::{KindSegment, Party};
use super::sequence::Sequence;
use super::service_kind::ServiceKindCode;
use super::{FileName, NameStyle};

/// Builds a [`FileName`]. Every part the kind has is required: a missing part is an error,
/// never an empty segment (PITFALLS: `UPJSK_202504_1310000002_11___2025….CSV`).
///
/// The style is [`NameStyle::V41`] unless set. [`NameStyle::Legacy`] drops the parties'
/// service-kind codes; [`NameStyle::V40`] needs parties made with [`Party::v40`]. The
/// builder refuses what only lenient reading keeps (a 9-digit office number, a 15-digit
/// sequence number): writers write the standard.
///
/// ```
/// use careplan_csv::filename::{FileName, NamePart, NameStyle, OfficeNumber, Sequence, ServiceKindCode};
/// use careplan_model::FileKind;
/// let sender = OfficeNumber::new("0300000100")?;
/// let receiver = OfficeNumber::new("0300000005")?;
/// let builder = FileName::builder(FileKind::YoboKihonImage)
///     .sender(sender, ServiceKindCode::parse("43")?)
///     .receiver(receiver, ServiceKindCode::parse("11")?)
///     .sequence(Sequence::parse("20191025200201")?);
/// // The image needs its branch number.
/// assert_eq!(builder.build().unwrap_err().part(), NamePart::Branch);
/// let image = builder.branch(1).build()?;
/// assert_eq!(image.to_string(), "UPKIHON_IMAGE_0300000100_43_0300000005_11_20191025200201_0001.JPG");
///
/// let legacy = FileName::builder(FileKind::Plan1)
///     .sender(sender, ServiceKindCode::parse("43")?)
///     .receiver(receiver, ServiceKindCode::parse("11")?)
///     .sequence(Sequence::parse("20191025200201")?)
///     .style(NameStyle::Legacy)
///     .build()?;
/// assert_eq!(legacy.to_string(), "UP1KYO_0300000100_0300000005_20191025200201.CSV");
/// # Ok::<(), careplan_csv::filename::NameError>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct FileNameBuilder {
    kind: FileKind,
    month: Option<NameMonth>,
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

    /// Sets the 対象年月 (required for the monthly kinds, refused for the others;
    /// [`NameMonth::Unset`] only for UPHOSOKU).
    pub fn month(mut self, month: NameMonth) -> FileNameBuilder {
        self.month = Some(month);
        self
    }

    /// Removes the 対象年月 (e.g. after [`kind`](FileNameBuilder::kind) to a kind without one).
    pub fn no_month(mut self) -> FileNameBuilder {
        self.month = None;
        self
    }

    /// Sets the sender's office number and service-kind code.
    pub fn sender(mut self, office: OfficeNumber, kind: ServiceKindCode) -> FileNameBuilder {
        self.sender = Some(Party::new(office, kind));
        self
    }

    /// Sets the receiver's office number and service-kind code.
    pub fn receiver(mut self, office: OfficeNumber, kind: ServiceKindCode) -> FileNameBuilder {
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
    /// A [`NameError`] naming the first part that is missing or not allowed.
    pub fn build(&self) -> Result<FileName, NameError> {
        let kind = self.kind;
        let month = match (kind.month_in_name(), self.month) {
            (true, None) => return Err(NameError::new(NamePart::Month, Reason::Missing, "")),
            (true, Some(m)) => {
                m.check()?;
                if m.is_unset() && kind != FileKind::Hosoku {
                    return Err(NameError::new(
                        NamePart::Month,
                        Reason::UnsetMonth { kind },
                        "000000",
                    ));
                }
                Some(m)
            }
            (false, Some(m)) => {
                return Err(NameError::new(
                    NamePart::Month,
                    Reason::UnexpectedMonth { kind },
                    m.to_string(),
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
            .ok_or_else(|| NameError::new(NamePart::Sequence, Reason::Missing, ""))?;
        if !sequence.is_standard() {
            return Err(NameError::new(
                NamePart::Sequence,
                Reason::Digits { want: 14 },
                sequence.as_str(),
            ));
        }
        let branch = match (kind == FileKind::YoboKihonImage, self.branch) {
            (true, None) => {
                return Err(NameError::new(NamePart::Branch, Reason::MissingBranch, ""))
            }
            (true, Some(n)) if n > 9999 => {
                return Err(NameError::new(
                    NamePart::Branch,
                    Reason::Digits { want: 4 },
                    n.to_string(),
                ))
            }
            (false, Some(n)) => {
                return Err(NameError::new(
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
    ) -> Result<Party, NameError> {
        let party = party.ok_or_else(|| NameError::new(office_part, Reason::Missing, ""))?;
        let office = party.office();
        if !office.is_standard() {
            return Err(NameError::new(
                office_part,
                Reason::Digits { want: 10 },
                office.as_str(),
            ));
        }
        let segment = party.segment();
        match (self.style, segment) {
            (NameStyle::Legacy, _) => Ok(Party::legacy(office)),
            (NameStyle::V40, KindSegment::V40(_)) => Ok(party),
            (NameStyle::V40, _) => Err(NameError::new(kind_part, Reason::Missing, "")
                .expecting(format!("{}(3桁, 4.0)", kind_part.name_ja()))),
            (_, KindSegment::Kind(_)) => Ok(party),
            (_, _) => Err(NameError::new(kind_part, Reason::Missing, "")),
        }
    }
}
