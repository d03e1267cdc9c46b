"""GP registrations, from where people live: the practice of each home, changed when a move
changes practice; a baby registered in its first six weeks."""

from datetime import timedelta


def register_with_practices(b, person, stays) -> None:
    """``stays``: the person's stays in order of their start."""
    regs = []  # [practice, start, end]
    for stay in stays:
        practice = stay.household.tf_practice
        if regs and regs[-1][0] is practice:
            continue
        start = stay.start
        if regs:
            regs[-1][2] = start
        regs.append([practice, start, None])
    if stays[-1].end is not None:
        regs[-1][2] = stays[-1].end
    dob = person.date_of_birth
    first = regs[0]
    if first[1] - dob < timedelta(days=42):
        registered = min(dob + timedelta(days=b.rng.randrange(7, 42)), b.anchor)
        if first[2] is None or registered < first[2]:
            first[1] = registered
    for practice, start, end in regs:
        b.register(person, practice, start, end)
