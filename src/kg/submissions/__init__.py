"""A region's submission from file to verdict: the template (CSVW metadata), reading tables and RDF,
conversion to RDF, validation on rows and columns, and the reports a steward reads."""
