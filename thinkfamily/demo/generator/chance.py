"""Weighted draws from the generator's one random stream."""

import bisect


class Weighted:
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, pairs):
        self.values = [value for value, _ in pairs]
        self.cumulative = []
        total = 0
        for _, weight in pairs:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def clip(value, low, high):
    return max(low, min(high, value))
