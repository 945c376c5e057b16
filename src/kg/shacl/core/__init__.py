"""SHACL Core constraint components (spec §4), one module per section of the specification."""

from __future__ import annotations

from kg.shacl.core import (
    cardinality,
    logical,
    other,
    property_pair,
    shape_based,
    string_based,
    value_range,
    value_type,
)

#: Each constraint parameter that triggers a translation, in the order of the specification.
TRANSLATORS = {
    **value_type.TRANSLATORS,
    **cardinality.TRANSLATORS,
    **value_range.TRANSLATORS,
    **string_based.TRANSLATORS,
    **property_pair.TRANSLATORS,
    **logical.TRANSLATORS,
    **shape_based.TRANSLATORS,
    **other.TRANSLATORS,
}
#: Parameters read by a translation keyed on another one (sh:flags with sh:pattern …).
AUXILIARY_PARAMETERS = string_based.AUXILIARY | shape_based.AUXILIARY | other.AUXILIARY
