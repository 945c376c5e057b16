"""The parts of converting a submission to RDF, one concern per module; :mod:`kg.submissions.convert` is the
entry (``convert_files``, ``serialize`` …) and its docstring says how a row becomes triples.

* :mod:`.records`: what a conversion gives back (:class:`~.records.Conversion`, its submissions, readings);
* :mod:`.terms`: cell values as text and N-Triples terms;
* :mod:`.plan`: how each column's cells become triples and which column plays which part, from the metadata;
* :mod:`.rows`: a row's key, the row being converted, the triples of one submission;
* :mod:`.cells`: a row's cells → objects (typed values, codes, agencies), with the readings said back;
* :mod:`.checks`: checks across the cells of a row or the rows of a submission;
* :mod:`.programs`, :mod:`.indicators`: the programs table and the indicators table;
* :mod:`.rdf_input`, :mod:`.output`: an RDF submission split per submission, and a conversion written out.
"""
