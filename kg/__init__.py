"""kg: a knowledge-graph builder for diplomatic and conflict news.

text → clean → spaCy Doc → mentions → actors → claims → RDF graph (+ provenance) → SHACL → exports.
"""
__version__ = "0.1.0"
