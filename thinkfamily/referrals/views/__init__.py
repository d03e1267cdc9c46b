"""Pages for referrals to the MASH, one module per subject: one referral from concern to
outcome (``referral``), the lists of referrals (``lists``) and the discharge guard's page
(``discharge``). The MASH information requests have their own package."""
