"""MASH information requests (R4.5, R4.6): the MASH asks the services that know a child what
they know; each service answers on a structured form by a deadline graded red, amber, green
or blue. Their models are in ``referrals.models`` (the referrals app's tables)."""
