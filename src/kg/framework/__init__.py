"""Layer 2, the reference data: the Kota Cerdas framework read from the ontology (dimensions, goals,
initiatives, code lists), the region registry, the alignments to other frameworks, and the ontology's check."""
