#!/usr/bin/env python3
"""Writes common_words.txt beside this script: the most frequent English words, as the
summarizer's tokens (lowercase ASCII letters and digits joined by inner apostrophes or hyphens),
most frequent first.

The build script of the summarize crate stems them with segment's stemmer into a static table,
so that the first use of a common word costs a lookup rather than the stemmer (see
src/common.rs). Needs the `wordfreq` package (`pip install wordfreq`); the build needs only
the text file.

    python3 crates/summarize/data/common_words.py [COUNT]
"""

import importlib.metadata
import re
import sys
from pathlib import Path

import wordfreq

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 30000
TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")

words = []
seen = set()
for word in wordfreq.iter_wordlist("en"):
    word = word.replace("\u2019", "'")
    if TOKEN.fullmatch(word) and re.search(r"[a-z]", word) and word not in seen:
        seen.add(word)
        words.append(word)
        if len(words) == COUNT:
            break

out = Path(__file__).with_name("common_words.txt")
header = [
    f"# The {len(words)} most frequent English words of wordfreq {importlib.metadata.version('wordfreq')}",
    "# (https://github.com/rspeer/wordfreq, data CC BY-SA 4.0, Robyn Speer), as the summarizer's",
    "# tokens, most frequent first. Written by common_words.py beside this file.",
]
out.write_text("\n".join(header + words) + "\n")
print(f"{out}: {len(words)} words")
