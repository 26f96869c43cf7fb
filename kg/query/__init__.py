"""Query the knowledge graph with SPARQL: run, format, serve read-only and push to a Graph Store.

Input: SPARQL (text, a .rq file or a bundled query name) and the exported graph files or an endpoint URL.
Output: QueryResult (engine), text in table/csv/tsv/json (formats), a local read-only SPARQL endpoint
(serve) and a PushReport after loading one named graph per document into a remote store (push).
"""
from kg.query.engine import QueryResult, QueryTimeout, list_queries, run_query
from kg.query.formats import FORMATS, format_result

__all__ = ["FORMATS", "QueryResult", "QueryTimeout", "format_result", "list_queries", "run_query"]
