"""Initiative suggestions: which of the fifty initiatives a program most likely belongs to, from its name
(and description, and agency), with a score and the words that led to each (:mod:`kg.suggest.ranking`)."""

from kg.suggest.ranking import (
    InitiativeIndex,
    InitiativeSuggestion,
    default_index,
    suggest_initiatives,
    suggestion_answer,
)

__all__ = ["InitiativeIndex", "InitiativeSuggestion", "default_index", "suggest_initiatives", "suggestion_answer"]
