"""RDF side of kg: vocabulary, IRI minting, graph building, provenance, validation."""
