"""Parse stage: the only place that loads spaCy pipelines."""

from rashomon.parse.pipeline import ParsedArticle, load_pipeline, parse_articles, use_numpy_blas

__all__ = ["ParsedArticle", "load_pipeline", "parse_articles", "use_numpy_blas"]
