//! The `pattern` keyword: a small regular-expression matcher for the ECMA-262 subset the
//! document's patterns use (anchors, classes and their ranges and negation, `\d \s \w` and
//! their negations, escaped punctuation, groups, alternation, and the quantifiers `? * +
//! {n} {n,} {n,m}`). Written here rather than pulled in as a dependency because the emulator
//! ships inside the Python and Node packages and every dependency counts there.
//!
//! Matching computes the set of end positions of each node, which keeps it polynomial.

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    root: Alt,
}

#[derive(Debug, Clone)]
struct Alt(Vec<Seq>);

#[derive(Debug, Clone)]
struct Seq(Vec<Piece>);

#[derive(Debug, Clone)]
struct Piece {
    atom: Atom,
    min: usize,
    max: usize,
}

#[derive(Debug, Clone)]
enum Atom {
    Char(char),
    Any,
    Class(Class),
    Group(Alt),
    Start,
    End,
}

#[derive(Debug, Clone)]
struct Class {
    negated: bool,
    items: Vec<ClassItem>,
}

#[derive(Debug, Clone)]
enum ClassItem {
    Range(char, char),
    Digit(bool),
    Space(bool),
    Word(bool),
}

impl ClassItem {
    fn matches(&self, c: char) -> bool {
        match *self {
            ClassItem::Range(lo, hi) => lo <= c && c <= hi,
            ClassItem::Digit(yes) => c.is_ascii_digit() == yes,
            ClassItem::Space(yes) => c.is_whitespace() == yes,
            ClassItem::Word(yes) => (c.is_ascii_alphanumeric() || c == '_') == yes,
        }
    }
}

impl Class {
    fn matches(&self, c: char) -> bool {
        self.items.iter().any(|i| i.matches(c)) != self.negated
    }
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    source: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<char, String> {
        let c = self
            .peek()
            .ok_or_else(|| format!("pattern {:?} ends early", self.source))?;
        self.pos += 1;
        Ok(c)
    }

    fn alt(&mut self) -> Result<Alt, String> {
        let mut branches = vec![self.seq()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.seq()?);
        }
        Ok(Alt(branches))
    }

    fn seq(&mut self) -> Result<Seq, String> {
        let mut pieces = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let (min, max) = self.quantifier()?;
            pieces.push(Piece { atom, min, max });
        }
        Ok(Seq(pieces))
    }

    fn atom(&mut self) -> Result<Atom, String> {
        Ok(match self.next()? {
            '^' => Atom::Start,
            '$' => Atom::End,
            '.' => Atom::Any,
            '(' => {
                if self.peek() == Some('?') {
                    self.pos += 1;
                    if self.next()? != ':' {
                        return Err(format!("pattern {:?}: only (?: groups", self.source));
                    }
                }
                let inner = self.alt()?;
                if self.next()? != ')' {
                    return Err(format!("pattern {:?}: unclosed group", self.source));
                }
                Atom::Group(inner)
            }
            '[' => Atom::Class(self.class()?),
            '\\' => match self.escape()? {
                Ok(c) => Atom::Char(c),
                Err(item) => Atom::Class(Class {
                    negated: false,
                    items: vec![item],
                }),
            },
            c => Atom::Char(c),
        })
    }

    /// After a backslash: a literal character, or a class like `\d`.
    fn escape(&mut self) -> Result<Result<char, ClassItem>, String> {
        Ok(match self.next()? {
            'd' => Err(ClassItem::Digit(true)),
            'D' => Err(ClassItem::Digit(false)),
            's' => Err(ClassItem::Space(true)),
            'S' => Err(ClassItem::Space(false)),
            'w' => Err(ClassItem::Word(true)),
            'W' => Err(ClassItem::Word(false)),
            'n' => Ok('\n'),
            't' => Ok('\t'),
            'r' => Ok('\r'),
            c => Ok(c),
        })
    }

    fn class(&mut self) -> Result<Class, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.next()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = if c == '\\' {
                match self.escape()? {
                    Ok(c) => c,
                    Err(item) => {
                        items.push(item);
                        continue;
                    }
                }
            } else {
                c
            };
            let is_range = self.peek() == Some('-') && self.chars.get(self.pos + 1) != Some(&']');
            if is_range {
                self.pos += 1;
                let hi = match self.next()? {
                    '\\' => self
                        .escape()?
                        .map_err(|_| format!("pattern {:?}: bad range", self.source))?,
                    c => c,
                };
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Range(lo, lo));
            }
        }
        Ok(Class { negated, items })
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.chars[start..self.pos]
            .iter()
            .collect::<String>()
            .parse()
            .ok()
    }

    fn quantifier(&mut self) -> Result<(usize, usize), String> {
        let bounds = match self.peek() {
            Some('?') => (0, 1),
            Some('*') => (0, usize::MAX),
            Some('+') => (1, usize::MAX),
            Some('{') => {
                let save = self.pos;
                self.pos += 1;
                let Some(min) = self.number() else {
                    // Not a quantifier: a literal brace.
                    self.pos = save;
                    return Ok((1, 1));
                };
                let max = if self.peek() == Some(',') {
                    self.pos += 1;
                    self.number().unwrap_or(usize::MAX)
                } else {
                    min
                };
                if self.next()? != '}' {
                    return Err(format!("pattern {:?}: bad quantifier", self.source));
                }
                return Ok((min, max));
            }
            _ => return Ok((1, 1)),
        };
        self.pos += 1;
        Ok(bounds)
    }
}

impl Pattern {
    pub(crate) fn compile(source: &str) -> Result<Pattern, String> {
        let mut parser = Parser {
            chars: source.chars().collect(),
            pos: 0,
            source,
        };
        let root = parser.alt()?;
        if parser.pos != parser.chars.len() {
            return Err(format!("pattern {source:?}: unbalanced parenthesis"));
        }
        Ok(Pattern { root })
    }

    /// Whether the pattern matches somewhere in `text` (JSON Schema patterns are not anchored
    /// unless they say so).
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        (0..=chars.len()).any(|start| !alt_ends(&self.root, &chars, start).is_empty())
    }
}

fn alt_ends(alt: &Alt, s: &[char], pos: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for seq in &alt.0 {
        for end in seq_ends(seq, s, pos) {
            if !out.contains(&end) {
                out.push(end);
            }
        }
    }
    out
}

fn seq_ends(seq: &Seq, s: &[char], pos: usize) -> Vec<usize> {
    let mut positions = vec![pos];
    for piece in &seq.0 {
        let mut next = Vec::new();
        for &p in &positions {
            let mut frontier = vec![p];
            let mut count = 0;
            if piece.min == 0 {
                next.push(p);
            }
            // Each round consumes at least nothing; more than len+1 rounds cannot add ends.
            while count < piece.max && !frontier.is_empty() && count <= s.len() {
                let mut grown = Vec::new();
                for &q in &frontier {
                    for end in atom_ends(&piece.atom, s, q) {
                        if !grown.contains(&end) {
                            grown.push(end);
                        }
                    }
                }
                count += 1;
                if count >= piece.min {
                    for &end in &grown {
                        if !next.contains(&end) {
                            next.push(end);
                        }
                    }
                }
                frontier = grown;
            }
        }
        positions = next;
        if positions.is_empty() {
            break;
        }
    }
    positions
}

fn atom_ends(atom: &Atom, s: &[char], pos: usize) -> Vec<usize> {
    let one = |ok: bool| if ok { vec![pos + 1] } else { vec![] };
    match atom {
        Atom::Start => {
            if pos == 0 {
                vec![pos]
            } else {
                vec![]
            }
        }
        Atom::End => {
            if pos == s.len() {
                vec![pos]
            } else {
                vec![]
            }
        }
        Atom::Group(alt) => alt_ends(alt, s, pos),
        _ if pos >= s.len() => vec![],
        Atom::Char(c) => one(s[pos] == *c),
        Atom::Any => one(s[pos] != '\n'),
        Atom::Class(class) => one(class.matches(s[pos])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Pattern::compile(p).unwrap().is_match(t)
    }

    #[test]
    fn the_documents_patterns() {
        assert!(m("^([0-9]{5})$", "00016"));
        assert!(!m("^([0-9]{5})$", "0016"));
        assert!(!m("^([0-9]{5})$", "000160"));
        let phone = r"^(\+\d{1,2}\s)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$";
        for ok in [
            "555-123-4567",
            "(555) 123-4567",
            "+1 555.123.4567",
            "5551234567",
        ] {
            assert!(m(phone, ok), "{ok}");
        }
        for bad in ["555-1234", "phone", "+123 555 123 4567"] {
            assert!(!m(phone, bad), "{bad}");
        }
        let file = r"^FI[0-9]{5}_[^\s]+_[0-9]{14}\.csv$";
        assert!(m(file, "FI00016_spring_list_20260401120000.csv"));
        assert!(!m(file, "FI00016_spring list_20260401120000.csv"));
        assert!(!m(file, "FI0016_x_20260401120000.csv"));
        assert!(!m(file, "FI00016_x_20260401120000xcsv"));
        assert!(m("^[0-9A-F]{32}$", "40BC0EB5891C08D8E063C0A011ACE593"));
        assert!(!m("^[0-9a-f]{32}$", "40BC0EB5891C08D8E063C0A011ACE593"));
        assert!(m(r"^\d{9}$", "123456789"));
        assert!(m("^[0-9a-zA-Z_-]+$", "reg_01-a"));
        assert!(!m("^[0-9a-zA-Z_-]+$", "reg 01"));
        assert!(m("^Bearer\\s.+$", "Bearer abc"));
        assert!(m("b", "abc"), "unanchored patterns search");
        assert!(m("^(a|bc)+$", "abca"));
        assert!(!m("^(a|bc)+$", "abcb"));
        assert!(m("^x{2,}$", "xxxx"));
        assert!(!m("^x{2,3}$", "xxxx"));
        assert!(Pattern::compile("(a").is_err());
    }
}
