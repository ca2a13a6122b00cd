"""The default 5 × 5 risk matrix: plain data, so the data migration and the demo share it."""

NAME = "Standard 5 × 5"
LIKELIHOOD = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
IMPACT = ["Negligible", "Minor", "Moderate", "Major", "Severe"]
LEVELS = [
    {"rank": 1, "name": "High", "colour": "#a4161a", "text_colour": "#ffffff", "priority": 1},
    {"rank": 2, "name": "Medium", "colour": "#ffb000", "text_colour": "#000000", "priority": 2},
    {"rank": 3, "name": "Low", "colour": "#0b6b35", "text_colour": "#ffffff", "priority": 3},
]
# Likelihood × impact of 12 or more is high, 6 to 10 medium, 5 or less low.
THRESHOLDS = [(12, 1), (6, 2), (1, 3)]


def grid_from_thresholds(
    likelihoods: int, impacts: int, thresholds: list[tuple[int, int]]
) -> list[list[int]]:
    """A grid from score thresholds: ``thresholds`` is [(lowest likelihood × impact, level
    rank), ...]; each cell gets the rank of the highest threshold its score reaches."""
    ordered = sorted(thresholds, reverse=True)
    return [
        [
            next(rank for low, rank in ordered if likelihood * impact >= low)
            for impact in range(1, impacts + 1)
        ]
        for likelihood in range(1, likelihoods + 1)
    ]


def grid() -> list[list[int]]:
    return grid_from_thresholds(len(LIKELIHOOD), len(IMPACT), THRESHOLDS)
