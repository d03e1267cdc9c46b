"""Adults who miss appointments while children or an unborn baby are known (R7.2).

The disengagement helper fills ``after_missed``: the outcome service (``booking``) calls it
after recording that an adult did not attend."""


def after_missed(appointment, recorded_by):
    """Called after an adult's appointment is recorded as did not attend. Filled by the
    disengagement work (R7.2); does nothing until then."""
    return None
