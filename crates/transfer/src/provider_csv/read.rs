//! Reading an uploaded CSV: its size and row limits, the header matched to
//! the known columns, and the rows with their spreadsheet row numbers.

use super::{HEADER, MAX_BYTES, MAX_ROWS, cells::restore};

/// Why a file cannot be read at all (as opposed to a bad row).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FileError {
    #[error("The file is larger than 5 MB: split it into smaller files")]
    TooLarge,
    #[error("The file has more than {MAX_ROWS} rows: split it into smaller files")]
    TooManyRows,
    #[error("The file is not UTF-8 text: save it as \u{201c}CSV UTF-8\u{201d}")]
    NotUtf8,
    #[error("The file is empty: it needs a header row and at least one provider")]
    Empty,
    #[error("The header has no \u{201c}name\u{201d} column")]
    NoName,
    #[error("The column \u{201c}{0}\u{201d} appears twice in the header")]
    Repeated(String),
    #[error("Row {row} cannot be read as CSV: {message}")]
    Malformed { row: usize, message: String },
}

/// A file read into rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    /// For each column of the file, its index in [`HEADER`] (`None`:
    /// unknown, ignored).
    pub columns: Vec<Option<usize>>,
    /// The header names that are not columns of [`HEADER`], as written.
    pub unknown: Vec<String>,
    /// Each row's number as a spreadsheet shows it (the header is row 1)
    /// and its cells, neutralised formulas restored.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Sheet {
    /// Whether the file has this column of [`HEADER`].
    #[must_use]
    pub fn has(&self, column: usize) -> bool {
        self.columns.contains(&Some(column))
    }
}

/// The file as text: UTF-8, without its byte order mark.
///
/// # Errors
/// `TooLarge`, `NotUtf8`.
pub fn text(bytes: &[u8]) -> Result<&str, FileError> {
    if bytes.len() > MAX_BYTES {
        return Err(FileError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::NotUtf8)?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Reads an upload: at most [`MAX_BYTES`] and [`MAX_ROWS`] rows; header
/// names trimmed and matched case-insensitively; rows whose cells are all
/// empty skipped.
///
/// # Errors
/// A [`FileError`] saying why the file as a whole cannot be used.
pub fn read(bytes: &[u8]) -> Result<Sheet, FileError> {
    let text = text(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(malformed(1, &e)),
        None => return Err(FileError::Empty),
    };
    let mut sheet = Sheet::default();
    for name in &header {
        let name = name.trim();
        let known = HEADER.iter().position(|h| h.eq_ignore_ascii_case(name));
        if let Some(i) = known
            && sheet.columns.contains(&Some(i))
        {
            return Err(FileError::Repeated(HEADER[i].to_owned()));
        }
        if known.is_none() && !name.is_empty() {
            sheet.unknown.push(name.to_owned());
        }
        sheet.columns.push(known);
    }
    if !sheet.has(1) {
        return Err(FileError::NoName);
    }
    for (i, record) in records.enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| malformed(row, &e))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if sheet.rows.len() == MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        sheet
            .rows
            .push((row, record.iter().map(|c| restore(c).to_owned()).collect()));
    }
    if sheet.rows.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(sheet)
}

fn malformed(row: usize, e: &csv::Error) -> FileError {
    FileError::Malformed {
        row,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_header_loosely_and_lists_unknown_columns() {
        let file = "\u{feff} Name ,SLUG,Notes\nSafe,'=x,ignored\n,,\n";
        let sheet = read(file.as_bytes()).unwrap_or_default();
        assert_eq!(sheet.columns, [Some(1), Some(2), None]);
        assert_eq!(sheet.unknown, ["Notes"]);
        assert_eq!(
            sheet.rows,
            [(2, vec!["Safe".into(), "=x".into(), "ignored".into()])]
        );
    }

    #[test]
    fn refuses_what_is_not_an_import() {
        assert_eq!(read(b"slug\nx\n"), Err(FileError::NoName));
        assert_eq!(read(b""), Err(FileError::Empty));
        assert_eq!(read(b"name\n"), Err(FileError::Empty));
        assert_eq!(
            read(b"name,Name\nx,y\n"),
            Err(FileError::Repeated("name".into()))
        );
        assert_eq!(read(b"name\n\xff\n"), Err(FileError::NotUtf8));
        let many = format!("name\n{}", "x\n".repeat(MAX_ROWS + 1));
        assert_eq!(read(many.as_bytes()), Err(FileError::TooManyRows));
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(read(&big), Err(FileError::TooLarge));
    }
}
