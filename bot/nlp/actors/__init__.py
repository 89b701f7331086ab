"""Actors: the people, organisations, places and groups an article names, one per real-world actor.

``find_actors`` clusters entity mentions so that "President Joe Biden", "Joe Biden", "Biden"
and "Biden's" become one actor named by its fullest form. The roles are split: ``names``
(a name from an entity span), ``kinds`` (person, organisation, place or group, from context),
``merges`` (clusters that name one actor), ``describe`` (appositions and title phrases) and
``records`` (salience and the records the pipeline stores).
"""

from bot.nlp.actors.find import find_actors
from bot.nlp.actors.model import ActorCluster, ActorIndex
from bot.nlp.actors.records import actor_records, count_quotes

__all__ = ["ActorCluster", "ActorIndex", "actor_records", "count_quotes", "find_actors"]
