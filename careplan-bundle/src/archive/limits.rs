//! The limits an archive must stay within before anything in it is read.

/// Limits on what an archive may hold. Every limit is checked against the central directory
/// before any entry is extracted, and the per-entry size again while reading, so a header
/// that lies about sizes cannot make a read go further.
///
/// The defaults are far above what a month of care-plan CSV files needs (a few files of a
/// few megabytes) and far below what would exhaust a machine:
///
/// | limit | default |
/// |---|---|
/// | [`max_entries`](Self::max_entries) | 10 000 entries (directories included) |
/// | [`max_entry_size`](Self::max_entry_size) | 512 MiB uncompressed per entry |
/// | [`max_total_size`](Self::max_total_size) | 2 GiB uncompressed for all entries together |
/// | [`max_ratio`](Self::max_ratio) | 200 uncompressed bytes per compressed byte … |
/// | [`ratio_min_size`](Self::ratio_min_size) | … checked for entries of 1 MiB and more |
/// | [`max_name_len`](Self::max_name_len) | 1024 bytes per stored name |
///
/// CSV text compresses 5 to 50 times; 200 leaves room for very repetitive files while a
/// ZIP bomb (zeros compress about 1000 times with deflate) is refused. Small entries are not
/// ratio-checked: a few kilobytes of blanks are harmless whatever their ratio.
///
/// ```
/// use careplan_bundle::ArchiveLimits;
/// let limits = ArchiveLimits::new().with_max_entries(50).with_max_entry_size(64 << 20);
/// assert_eq!(limits.max_entries(), 50);
/// assert_eq!(limits.max_entry_size(), 64 << 20);
/// assert_eq!(limits.max_total_size(), ArchiveLimits::DEFAULT.max_total_size());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArchiveLimits {
    max_entries: usize,
    max_entry_size: u64,
    max_total_size: u64,
    max_ratio: u64,
    ratio_min_size: u64,
    max_name_len: usize,
}

impl ArchiveLimits {
    /// The default limits (see the table above).
    pub const DEFAULT: ArchiveLimits = ArchiveLimits {
        max_entries: 10_000,
        max_entry_size: 512 << 20,
        max_total_size: 2 << 30,
        max_ratio: 200,
        ratio_min_size: 1 << 20,
        max_name_len: 1024,
    };

    /// The default limits.
    pub const fn new() -> ArchiveLimits {
        ArchiveLimits::DEFAULT
    }

    /// The most entries an archive may hold, directories and skipped entries included.
    pub const fn max_entries(&self) -> usize {
        self.max_entries
    }

    /// The largest uncompressed size of one entry, in bytes.
    pub const fn max_entry_size(&self) -> u64 {
        self.max_entry_size
    }

    /// The largest uncompressed size of all entries together, in bytes.
    pub const fn max_total_size(&self) -> u64 {
        self.max_total_size
    }

    /// The most uncompressed bytes per compressed byte an entry may declare.
    pub const fn max_ratio(&self) -> u64 {
        self.max_ratio
    }

    /// The uncompressed size from which the ratio is checked, in bytes.
    pub const fn ratio_min_size(&self) -> u64 {
        self.ratio_min_size
    }

    /// The longest entry name, in bytes as stored in the archive.
    pub const fn max_name_len(&self) -> usize {
        self.max_name_len
    }

    /// Sets [`max_entries`](Self::max_entries).
    #[must_use]
    pub const fn with_max_entries(mut self, n: usize) -> ArchiveLimits {
        self.max_entries = n;
        self
    }

    /// Sets [`max_entry_size`](Self::max_entry_size).
    #[must_use]
    pub const fn with_max_entry_size(mut self, bytes: u64) -> ArchiveLimits {
        self.max_entry_size = bytes;
        self
    }

    /// Sets [`max_total_size`](Self::max_total_size).
    #[must_use]
    pub const fn with_max_total_size(mut self, bytes: u64) -> ArchiveLimits {
        self.max_total_size = bytes;
        self
    }

    /// Sets [`max_ratio`](Self::max_ratio).
    #[must_use]
    pub const fn with_max_ratio(mut self, ratio: u64) -> ArchiveLimits {
        self.max_ratio = ratio;
        self
    }

    /// Sets [`ratio_min_size`](Self::ratio_min_size).
    #[must_use]
    pub const fn with_ratio_min_size(mut self, bytes: u64) -> ArchiveLimits {
        self.ratio_min_size = bytes;
        self
    }

    /// Sets [`max_name_len`](Self::max_name_len).
    #[must_use]
    pub const fn with_max_name_len(mut self, bytes: usize) -> ArchiveLimits {
        self.max_name_len = bytes;
        self
    }

    /// Whether an entry of `size` bytes stored in `compressed` bytes passes the ratio limit.
    pub(crate) fn ratio_ok(&self, size: u64, compressed: u64) -> bool {
        size < self.ratio_min_size || size <= compressed.saturating_mul(self.max_ratio)
    }
}

impl Default for ArchiveLimits {
    fn default() -> ArchiveLimits {
        ArchiveLimits::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones() {
        let l = ArchiveLimits::default();
        assert_eq!(l.max_entries(), 10_000);
        assert_eq!(l.max_entry_size(), 512 * 1024 * 1024);
        assert_eq!(l.max_total_size(), 2 * 1024 * 1024 * 1024);
        assert_eq!(l.max_ratio(), 200);
        assert_eq!(l.ratio_min_size(), 1024 * 1024);
        assert_eq!(l.max_name_len(), 1024);
    }

    #[test]
    fn ratio_is_checked_only_from_the_minimum_size() {
        let l = ArchiveLimits::new()
            .with_max_ratio(10)
            .with_ratio_min_size(100);
        assert!(l.ratio_ok(99, 1), "small entries pass");
        assert!(l.ratio_ok(100, 10));
        assert!(!l.ratio_ok(101, 10));
        assert!(!l.ratio_ok(100, 0), "nothing from nothing is infinite");
        assert!(l.ratio_ok(u64::MAX, u64::MAX), "no overflow");
    }
}
