"""What each session consists of: the seed's hamstring knowledge as data and small pure functions.

Everything here is deterministic (no randomness, no clock) so a plan built twice from the same
request reads the same.
"""

from hamplan.content.mobility import MobilityContent, MobilityStyle, mobility_content
from hamplan.content.reference import ReferenceSection, reference_sections
from hamplan.content.runs import RunContent, run_content
from hamplan.content.strength import StrengthContent, nordic_prescription, strength_content

__all__ = [
    "MobilityContent",
    "MobilityStyle",
    "ReferenceSection",
    "RunContent",
    "StrengthContent",
    "mobility_content",
    "nordic_prescription",
    "reference_sections",
    "run_content",
    "strength_content",
]
