"""Publishing the knowledge graph for people and machines: the ontology's HTML documentation."""
