import pytest

from claims.matching.index import Document

POOL = [
    Document("v-nlaw", "The UK gave 2,000 NLAW anti-tank weapons to Ukraine.", "Did the UK send NLAWs?"),
    Document("v-nlaw-old", "The UK gave 500 NLAW anti-tank weapons to Ukraine in 2015.", "UK weapons in 2015"),
    Document("v-5g", "5G mobile networks spread the coronavirus.", "Does 5G spread COVID-19?"),
    Document("v-microchip", "COVID-19 vaccines contain a microchip to track people.", "Vaccine microchips"),
    Document("v-oreo", "Oreo released Lady Gaga themed cookies.", "Lady Gaga Oreos"),
    Document("v-fries", "McDonald's restaurants are offering $1 any size fries.", "$1 McDonald's fries"),
    Document("v-shark", "A shark swam on a flooded highway after a hurricane.", "Highway shark photo"),
    Document("v-moon", "The Apollo moon landing was filmed in a studio.", "Moon landing hoax"),
]


@pytest.fixture(scope="session")
def pool():
    return list(POOL)
