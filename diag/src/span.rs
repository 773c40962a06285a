//! Source files and byte spans into them.

use std::ops::Range;

/// Index of a source file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file. Every AST node carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span covering `range` in `file`.
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span { file, start: range.start as u32, end: range.end as u32 }
    }

    /// The smallest span covering both `self` and `other` (same file).
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The byte range as a `Range<usize>`.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Where each line of a text starts, to turn byte offsets into lines and columns without the
/// text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineTable {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl LineTable {
    /// The lines of `text`.
    pub fn of(text: &str) -> LineTable {
        LineTable { starts: std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect() }
    }

    /// 1-based line and column (in bytes) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        (line + 1, offset - self.starts[line] + 1)
    }

    /// Number of lines.
    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (the path as the user gave it).
    pub name: String,
    /// The whole text.
    pub text: String,
    /// Where its lines start.
    lines: LineTable,
}

impl SourceFile {
    /// A source file named `name` with contents `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let lines = LineTable::of(&text);
        SourceFile { name: name.into(), text, lines }
    }

    /// 1-based line and column (in bytes) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(offset)
    }

    /// Number of lines in the file.
    pub fn line_count(&self) -> usize {
        self.lines.count()
    }

    /// Where its lines start.
    pub fn lines(&self) -> &LineTable {
        &self.lines
    }
}

/// All source files of one compilation, indexed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty source map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name, text));
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with id `id`.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The source text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        self.get(span.file).text.get(span.range()).unwrap_or("")
    }

    /// All files, in id order.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let f = SourceFile::new("a.ml", "ab\ncd\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(1), (1, 2));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(6), (3, 1));
    }

    #[test]
    fn spans_join() {
        let a = Span::new(FileId(0), 3..5);
        let b = Span::new(FileId(0), 1..4);
        assert_eq!(a.to(b), Span::new(FileId(0), 1..5));
    }
}
