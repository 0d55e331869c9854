"""The event ontology: PLOVER categories, CAMEO codes, Goldstein scale and quad classes."""

from eventwire.ontology.plover import Ontology, ontology

__all__ = ["Ontology", "ontology"]
