//! A pretty-printing engine with the semantics of OCaml's `Format` (boxes, break hints,
//! margin 78, maximum indentation 68), so that long signatures break where `ocamlc -i`
//! breaks them.

use std::collections::VecDeque;

/// The kinds of box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxKind {
    /// `@[<h>`: never breaks.
    H,
    /// `@[<v>`: every break is a new line.
    V,
    /// `@[<hv>`: all breaks on one line, or every break a new line.
    Hv,
    /// `@[<hov>`: breaks only when the next piece does not fit.
    Hov,
    /// `@[` / `@[<b>`: like `Hov`, but also breaks when that reduces the indentation.
    B,
    /// A box whose contents fit on the line.
    Fits,
}

#[derive(Debug, Clone)]
enum Token {
    Text(String),
    Break { width: i64, offset: i64 },
    Begin { indent: i64, kind: BoxKind },
    End,
}

#[derive(Debug, Clone)]
struct Elem {
    size: i64,
    token: Token,
    length: i64,
}

#[derive(Debug, Clone, Copy)]
struct ScanElem {
    left_total: i64,
    index: Option<usize>,
}

const INFINITY: i64 = 1_000_000_010;

/// A formatter writing to a string.
#[derive(Debug)]
pub struct Formatter {
    margin: i64,
    max_indent: i64,
    space_left: i64,
    current_indent: i64,
    is_new_line: bool,
    left_total: i64,
    right_total: i64,
    depth: usize,
    elems: Vec<Elem>,
    queue: VecDeque<usize>,
    scan: Vec<ScanElem>,
    boxes: Vec<(BoxKind, i64)>,
    out: String,
}

impl Default for Formatter {
    fn default() -> Self {
        Formatter::new(78, 68)
    }
}

impl Formatter {
    /// A formatter with the given margin and maximum indentation, inside an outer box.
    pub fn new(margin: i64, max_indent: i64) -> Formatter {
        let mut f = Formatter {
            margin,
            max_indent,
            space_left: margin,
            current_indent: 0,
            is_new_line: true,
            left_total: 1,
            right_total: 1,
            depth: 1,
            elems: Vec::new(),
            queue: VecDeque::new(),
            scan: Vec::new(),
            boxes: Vec::new(),
            out: String::new(),
        };
        f.elems.push(Elem { size: -1, token: Token::Begin { indent: 0, kind: BoxKind::Hov }, length: 0 });
        f.queue.push_back(0);
        f.scan.push(ScanElem { left_total: -1, index: None });
        f.scan.push(ScanElem { left_total: 1, index: Some(0) });
        f
    }

    fn enqueue(&mut self, e: Elem) -> usize {
        self.right_total += e.length;
        self.elems.push(e);
        let i = self.elems.len() - 1;
        self.queue.push_back(i);
        i
    }

    fn advance_left(&mut self) {
        while let Some(&i) = self.queue.front() {
            let (size, length) = (self.elems[i].size, self.elems[i].length);
            let pending = self.right_total - self.left_total;
            if size < 0 && pending < self.space_left {
                return;
            }
            self.queue.pop_front();
            let size = if size < 0 { INFINITY } else { size };
            let token = self.elems[i].token.clone();
            self.format_token(size, token);
            self.left_total += length;
        }
    }

    fn newline(&mut self, offset: i64, width: i64) {
        self.out.push('\n');
        self.is_new_line = true;
        let indent = (self.margin - width + offset).min(self.max_indent);
        self.current_indent = indent;
        self.space_left = self.margin - indent;
        for _ in 0..indent.max(0) {
            self.out.push(' ');
        }
    }

    fn same_line(&mut self, width: i64) {
        self.space_left -= width;
        for _ in 0..width.max(0) {
            self.out.push(' ');
        }
    }

    fn format_token(&mut self, size: i64, token: Token) {
        match token {
            Token::Text(s) => {
                self.space_left -= size;
                self.out.push_str(&s);
                self.is_new_line = false;
            }
            Token::Begin { indent, kind } => {
                let insertion = self.margin - self.space_left;
                if insertion > self.max_indent {
                    if let Some(&(k, width)) = self.boxes.last() {
                        if width > self.space_left && !matches!(k, BoxKind::Fits | BoxKind::H) {
                            self.newline(0, width);
                        }
                    }
                }
                let width = self.space_left - indent;
                let kind = match kind {
                    BoxKind::V => BoxKind::V,
                    k if size > self.space_left => k,
                    _ => BoxKind::Fits,
                };
                self.boxes.push((kind, width));
            }
            Token::End => {
                self.boxes.pop();
            }
            Token::Break { width: fits_width, offset } => {
                let Some(&(kind, width)) = self.boxes.last() else { return };
                match kind {
                    BoxKind::Hov => {
                        if size > self.space_left {
                            self.newline(offset, width)
                        } else {
                            self.same_line(fits_width)
                        }
                    }
                    BoxKind::B => {
                        if self.is_new_line {
                            self.same_line(fits_width)
                        } else if size > self.space_left || self.current_indent > self.margin - width + offset {
                            self.newline(offset, width)
                        } else {
                            self.same_line(fits_width)
                        }
                    }
                    BoxKind::Hv | BoxKind::V => self.newline(offset, width),
                    BoxKind::Fits | BoxKind::H => self.same_line(fits_width),
                }
            }
        }
    }

    fn set_size(&mut self, is_break: bool) {
        let Some(top) = self.scan.last().copied() else { return };
        let Some(i) = top.index else { return };
        if top.left_total < self.left_total {
            self.scan.clear();
            self.scan.push(ScanElem { left_total: -1, index: None });
            return;
        }
        let matches = match self.elems[i].token {
            Token::Break { .. } => is_break,
            Token::Begin { .. } => !is_break,
            _ => false,
        };
        if matches {
            self.elems[i].size += self.right_total;
            self.scan.pop();
        }
    }

    fn scan_push(&mut self, is_break: bool, e: Elem) {
        let i = self.enqueue(e);
        if is_break {
            self.set_size(true);
        }
        let left_total = self.right_total;
        self.scan.push(ScanElem { left_total, index: Some(i) });
    }

    /// Opens a box.
    pub fn open(&mut self, kind: BoxKind, indent: i64) {
        self.depth += 1;
        let e = Elem { size: -self.right_total, token: Token::Begin { indent, kind }, length: 0 };
        self.scan_push(false, e);
    }

    /// Closes the innermost box.
    pub fn close(&mut self) {
        if self.depth > 1 {
            self.enqueue(Elem { size: 0, token: Token::End, length: 0 });
            self.set_size(true);
            self.set_size(false);
            self.depth -= 1;
        }
    }

    /// Prints text.
    pub fn text(&mut self, s: &str) {
        let len = s.chars().count() as i64;
        self.enqueue(Elem { size: len, token: Token::Text(s.to_string()), length: len });
        self.advance_left();
    }

    /// A break hint: `width` spaces if the line goes on, else a new line indented by `offset`
    /// more than the box.
    pub fn brk(&mut self, width: i64, offset: i64) {
        let e = Elem { size: -self.right_total, token: Token::Break { width, offset }, length: width };
        self.scan_push(true, e);
    }

    /// `@ `: a space or a new line.
    pub fn space(&mut self) {
        self.brk(1, 0);
    }

    /// Closes every box and returns the text.
    pub fn finish(mut self) -> String {
        while self.depth > 1 {
            self.close();
        }
        self.right_total = INFINITY;
        self.advance_left();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_that_fits_stays_on_one_line() {
        let mut f = Formatter::default();
        f.open(BoxKind::B, 2);
        f.text("val x :");
        f.space();
        f.text("int");
        f.close();
        assert_eq!(f.finish(), "val x : int");
    }

    #[test]
    fn hv_box_breaks_every_hint_when_too_long() {
        let mut f = Formatter::new(20, 15);
        f.open(BoxKind::Hv, 2);
        for (i, w) in ["aaaaaa", "bbbbbb", "cccccc"].iter().enumerate() {
            if i > 0 {
                f.space();
            }
            f.text(w);
        }
        f.text(" dddddd");
        f.close();
        assert_eq!(f.finish(), "aaaaaa\n  bbbbbb\n  cccccc dddddd");
    }
}
