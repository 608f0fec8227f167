"""``{% reader_demand claim %}``: how many readers asked for a claim (the claim page)."""

from django import template

from ..selectors import claim_demand

register = template.Library()


@register.inclusion_tag("claims/_reader_demand.html")
def reader_demand(claim):
    return {"claim": claim, **claim_demand(claim_id=claim.pk)}
