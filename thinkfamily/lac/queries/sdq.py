"""A child's SDQ scores as the pages read them (R6.5)."""



from thinkfamily.lac.models import SDQScore


def scores_for(child):
    """The child's scores, oldest first."""
    return SDQScore.objects.filter(child=child).select_related("received_from", "recorded_by").order_by(
        "completed_on", "id"
    )


def latest_sdq(child) -> SDQScore | None:
    """The child's most recent SDQ score (for the health assessment page), or None."""
    return SDQScore.objects.filter(child=child).select_related("received_from").order_by(
        "-completed_on", "-id"
    ).first()
