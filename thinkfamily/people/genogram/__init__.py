"""The genogram (R1.3): ``build`` chooses who is drawn from the recorded family, ``layout``
places them, ``drawing`` draws the SVG and says it in words."""

from thinkfamily.people.genogram.build import build_genogram

__all__ = ["build_genogram"]
