"""A deterministic synthetic population for the area (R10.5): families, households and
their address history, parental responsibility, schools, GP registrations, 0-19 caseloads
and legal statuses in realistic English proportions.

Deterministic: everything comes from one ``random.Random(seed)``, including the UUID
primary keys, and every date is relative to the fixed ``ANCHOR`` date, so the same
``children`` and ``seed`` give the same people, relationships and statuses on any day and
on SQLite or PostgreSQL (see ``checks.fingerprint()``). Only the ``created_at``/``updated_at``
bookkeeping columns and the integer keys of households and link rows differ between runs.
The draws come in a fixed order, so a change that draws one number more or fewer, or in
another order, changes every family after it: check the fingerprint before and after.

Fast: rows are generated in Python, then written in batches inside one transaction
(``writing``). Everything that a save() would do (search keys) is done here.

Synthetic: NHS numbers come only from the range that is never issued to real patients
(``nhs_number.REGION_SYNTHETIC``), skip the featured families' numbers, and stay below
999 000 0000, which is left to hand-made test factories. Names, addresses, schools and
practices are made up.

One module per job:

- ``population``: ``generate()`` (build, write, then the looked-after children's health,
  the referrals and the stories) and ``delete_people()``;
- ``builder``: the ``Builder`` that holds the population in memory, its primitives (a person,
  a household, a stay, a relationship, a legal status row...) and ``build()``, the order of
  the steps;
- ``names``: name pools by ethnicity, and drawing a name;
- ``families``: the shape of a family (``make_family``), with ``relatives`` (grandparents and
  other adults at home);
- ``households``: stays in households, moves and where people go;
- ``care``: looked-after children, their placements, care leavers and children placed here;
- ``statuses``: child protection and child-in-need plans, elective home education, unborn
  children and their plans;
- ``practices``, ``schools``, ``caseloads``: rows derived from where people live;
- ``flags`` and ``chronology``: what the services write beside each legal status change and
  move, in the services' own words (``thinkfamily.flags.services``,
  ``thinkfamily.people.services``, ``thinkfamily.legal_status.services``);
- ``writing``: writing the rows fast; ``checks``: counting and fingerprinting what was written;
- ``dates`` and ``chance``: the anchor date, ages, and weighted draws."""
