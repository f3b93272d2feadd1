"""Risk level is a pure function of the risk score, so the two can never disagree."""

from django.conf import settings


def risk_level_for(score: int, bands: dict[str, int] | None = None) -> str:
    """The level of a 0-100 score; bands give the lowest score of medium, high and critical."""
    if not 0 <= score <= 100:
        raise ValueError(f"a risk score is 0-100, not {score}")
    bands = bands or settings.RISK_BANDS
    if score >= bands["critical"]:
        return "critical"
    if score >= bands["high"]:
        return "high"
    if score >= bands["medium"]:
        return "medium"
    return "low"
