"""Reading other fact-checkers' published work: pure parsers, no ORM (services save)."""
