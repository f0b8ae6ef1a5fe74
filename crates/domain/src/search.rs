//! A visitor's site search, parsed once: the words that are searched for,
//! and the highlighted snippet of a result.
//!
//! Both databases get the same words: lower-cased, split at anything that
//! is not a letter or digit, without English stop words ("the", "for"...,
//! PostgreSQL's `english` list, which SQLite's FTS5 does not have), at most
//! [`MAX_WORDS`]. Each backend then stems them its own way (PostgreSQL's
//! Snowball English, SQLite's Porter): see `persistence::repo::search`.
//! Snippets are marked here with the Snowball English stemmer, so "exploited"
//! marks "exploitation".

use rust_stemmers::{Algorithm, Stemmer};

/// The most words a search uses; the rest are ignored.
pub const MAX_WORDS: usize = 8;

/// The longest word kept (longer ones are no word anyone searches for).
const MAX_WORD_CHARS: usize = 40;

/// The longest query read, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

/// PostgreSQL's `english` stop words (Snowball's list).
const STOP_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "against",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "no",
    "nor",
    "not",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
    "s",
    "t",
    "can",
    "will",
    "just",
    "don",
    "should",
    "now",
];

/// What a visitor searched for, as words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteQuery {
    words: Vec<String>,
}

impl SiteQuery {
    /// The words of `raw`; `None` when nothing searchable is left (an
    /// empty box, only punctuation or stop words).
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        let mut raw: String = raw.chars().take(MAX_QUERY_CHARS + 1).collect();
        if raw.chars().count() > MAX_QUERY_CHARS {
            // Cut at the limit, and drop a word cut in two.
            let cut: String = raw.chars().take(MAX_QUERY_CHARS).collect();
            let split_word = raw
                .chars()
                .nth(MAX_QUERY_CHARS)
                .is_some_and(char::is_alphanumeric);
            raw = if split_word {
                cut.trim_end_matches(char::is_alphanumeric).to_owned()
            } else {
                cut
            };
        }
        let mut words: Vec<String> = Vec::new();
        for word in words_of(&raw) {
            let word = word.to_lowercase();
            if word.chars().count() > MAX_WORD_CHARS
                || STOP_WORDS.contains(&word.as_str())
                || words.contains(&word)
            {
                continue;
            }
            words.push(word);
            if words.len() == MAX_WORDS {
                break;
            }
        }
        (!words.is_empty()).then_some(Self { words })
    }

    /// The words, lower-case, in the order typed.
    #[must_use]
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The words as one line, for PostgreSQL's `plainto_tsquery`.
    #[must_use]
    pub fn plain(&self) -> String {
        self.words.join(" ")
    }

    /// An FTS5 query matching rows with every word: each word quoted, so
    /// nothing a visitor types is read as FTS5 syntax.
    #[must_use]
    pub fn fts5(&self) -> String {
        self.words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `text` cut to a window of about `width` words around the first word
    /// that matches the search (the start when none does), as pieces: the
    /// matching words marked.
    #[must_use]
    pub fn snippet(&self, text: &str, width: usize) -> Vec<Piece> {
        let stemmer = Stemmer::create(Algorithm::English);
        let stems: Vec<String> = self
            .words
            .iter()
            .map(|w| stemmer.stem(w).into_owned())
            .collect();
        let tokens = tokens(text);
        let is_hit = |token: &Token<'_>| {
            token.word
                && stems
                    .iter()
                    .any(|s| *s == stemmer.stem(&token.text.to_lowercase()))
        };
        let first = tokens.iter().position(&is_hit).unwrap_or(0);
        let start = window_start(&tokens, first, width / 3);
        let mut pieces: Vec<Piece> = Vec::new();
        if start > 0 {
            pieces.push(Piece::plain("…"));
        }
        let mut words = 0;
        for token in &tokens[start..] {
            if token.word {
                words += 1;
                if words > width {
                    if let Some(last) = pieces.last_mut()
                        && !last.marked
                    {
                        last.text.truncate(last.text.trim_end().len());
                    }
                    pieces.push(Piece::plain(" …"));
                    break;
                }
            }
            let marked = is_hit(token);
            match pieces.last_mut() {
                Some(last) if last.marked == marked && !marked => last.text.push_str(token.text),
                _ => pieces.push(Piece {
                    text: token.text.to_owned(),
                    marked,
                }),
            }
        }
        if let Some(first) = pieces.first_mut()
            && !first.marked
        {
            first.text = first.text.trim_start().to_owned();
        }
        pieces
    }
}

/// Where a snippet's window starts: about `words_before` words before
/// the token `first`, moved back to the start of a word.
fn window_start(tokens: &[Token<'_>], first: usize, words_before: usize) -> usize {
    let mut start = first;
    let mut seen = 0;
    while start > 0 && seen < words_before {
        start -= 1;
        if tokens[start].word {
            seen += 1;
        }
    }
    while start > 0 && tokens[start].word {
        start -= 1;
    }
    start
}

/// A stretch of a snippet, marked when it is a word searched for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

impl Piece {
    fn plain(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            marked: false,
        }
    }
}

/// A word, or the text between two words.
struct Token<'a> {
    text: &'a str,
    word: bool,
}

/// `text` as alternating words and the stretches between them.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (at, c) in text.char_indices() {
        let word_char = c.is_alphanumeric();
        if at > start && word_char != in_word {
            out.push(Token {
                text: &text[start..at],
                word: in_word,
            });
            start = at;
        }
        in_word = word_char;
    }
    if start < text.len() {
        out.push(Token {
            text: &text[start..],
            word: in_word,
        });
    }
    out
}

/// The words of `text`: its runs of letters and digits.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests;
