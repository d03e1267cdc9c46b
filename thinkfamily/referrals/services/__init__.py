"""Writes about referrals to the MASH (R4.1-R4.4), one module per subject: the referral's
life from concern to outcome (``lifecycle``), who receives and hears of it (``recipients``),
what the family record says for it (``family_record``) and the discharge guard
(``discharge``)."""
