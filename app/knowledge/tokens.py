"""Words of a text as the search index stores them, the same for SQLite FTS5 and PostgreSQL.

Chinese has no spaces, so every run of Han characters is cut into overlapping character pairs
(bigrams) plus its single characters: 网络打印机 → 网络 络打 打印 印机 and 网 络 打 印 机. A query
of two or more characters asks for all its pairs, so 打印机 finds 网络打印机无法打印 without a
dictionary; a one-character query asks for the character. Bigrams need no word list to keep up
to date (jieba's dictionary would miss the client's own names: 金蝶, 钉钉, a printer model), they
index identically in both databases, and a knowledge base of a few thousand articles stays
small. Latin words are lower-cased and lightly stemmed (printing, printers → print)."""

import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{HAN}]+|[0-9a-z]+(?:[-_.][0-9a-z]+)*")
MAX_QUERY_CHARACTERS = 200
MAX_QUERY_TERMS = 24
SUFFIXES = ("ings", "ing", "ers", "er", "ies", "es", "ed", "s")


def is_han(word: str) -> bool:
    return bool(re.match(rf"[{HAN}]", word))


def stem(word: str) -> str:
    """printing → print, printers → print, drivers → driv, copies → cop; short words stay."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """The text's Han runs and Latin words, lower-cased, in order."""
    return WORD.findall((text or "").lower())


def parts(word: str) -> list[str]:
    """wi-fi → wi, fi: the pieces FTS5's tokenizer would cut a compound into."""
    return [part for part in re.split(r"[-_.]", word) if part]


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> str:
    """The space-separated tokens a text is indexed under."""
    tokens: list[str] = []
    for word in words(text):
        if is_han(word):
            tokens.extend(bigrams(word))
            tokens.extend(word)
        else:
            pieces = parts(word)
            for part in pieces:
                tokens.extend(dict.fromkeys((part, stem(part))))
            if len(pieces) > 1:
                tokens.append("".join(pieces))  # Wi-Fi is also found as wifi
    return " ".join(tokens)


def query_terms(query: str) -> tuple[list[str], str | None]:
    """(terms that must all match, a last Latin word to match as a prefix while typing).

    Any punctuation, quote, star or SQL is simply not a word here, so no query can reach the
    database as syntax."""
    found = words((query or "")[:MAX_QUERY_CHARACTERS])
    terms: list[str] = []
    for word in found:
        if is_han(word):
            terms.extend(bigrams(word) if len(word) > 1 else [word])
        else:
            terms.extend(stem(part) for part in parts(word))
    prefix = None
    last = found[-1] if found else ""
    if last and not is_han(last) and not query.endswith(" ") and len(parts(last)[-1]) >= 2:
        prefix = terms.pop()  # the word being typed: printi… finds printing
    unique = list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]
    return unique, prefix


def highlight_terms(query: str) -> list[str]:
    """What a snippet marks: the query's Han runs and Latin stems, as typed."""
    marks = []
    for word in words((query or "")[:MAX_QUERY_CHARACTERS]):
        marks.append(word if is_han(word) else stem(word))
    return sorted(set(marks), key=len, reverse=True)
