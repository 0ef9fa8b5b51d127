"""The search layer shared by the directory and the library: German words, compounds and typos.

- ``text``: the query cleaned and split into words, each word with its spellings (umlauts folded both
  ways, a simple German ending removed); the condition that every word occurs in a text column
  (PostgreSQL full text, or substrings on SQLite); a relevance score for words found in a title column.
- ``typos``: words that stand in for a query word — parts of compound words and similar spellings from
  a word table with a trigram index (PostgreSQL), or similar words by difflib (SQLite).
- ``passages``: the passage of a text around the searched words, with the matches marked.
- ``indexes``: the SQL of the indexes, the word table and its trigger, for a migration.
- ``facets``: SQL pieces for counting facets from JSON lists.

Nothing here knows a model: callers pass the queryset, the column names and the word table.
"""
