"""Layer 1, what every other part agrees on: namespaces and fixed IRIs, packaged resources, errors, RDF term
conversion, canonical Turtle and safe output files. Imports nothing else of ``kg``."""
