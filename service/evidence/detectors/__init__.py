"""Every deterministic detector, in the order their findings are folded into the report.

Adding a detector: one file in this folder with a `name` and `detect(ctx) -> Iterable[Finding]`
(see `service.evidence.context.Detector`), its data under `seeds/`, its tests, and one line here.
"""

from service.evidence.context import Detector
from service.evidence.detectors.anonymous_phrase import ANONYMOUS_PHRASE
from service.evidence.detectors.change_direction import ChangeDirection
from service.evidence.detectors.control_status import ControlStatus
from service.evidence.detectors.count_conflict import CountConflict
from service.evidence.detectors.embedded_instructions import EmbeddedInstructions
from service.evidence.detectors.event_back_reference import EventBackReference
from service.evidence.detectors.event_dates import EventDates
from service.evidence.detectors.hedged import HEDGED
from service.evidence.detectors.loaded_language import LoadedLanguage
from service.evidence.detectors.misidentified_place import MisidentifiedPlace
from service.evidence.detectors.modality import Modality
from service.evidence.detectors.parts_exceed_total import PartsExceedTotal
from service.evidence.detectors.reference_figures import ReferenceFigures
from service.evidence.detectors.role_conflict import RoleConflict
from service.evidence.detectors.sourcing_frames import SourcingFrames
from service.evidence.detectors.speculation import SPECULATION
from service.evidence.detectors.unattributed_assertion import UnattributedAssertion
from service.evidence.detectors.unconfirmed import UNCONFIRMED
from service.evidence.detectors.unnamed_source import UnnamedSource

DETECTORS: tuple[Detector, ...] = (
    EmbeddedInstructions(),
    UNCONFIRMED,
    HEDGED,
    ANONYMOUS_PHRASE,
    SourcingFrames(),
    SPECULATION,
    LoadedLanguage(),
    UnnamedSource(),
    UnattributedAssertion(),
    MisidentifiedPlace(),
    ControlStatus(),
    ReferenceFigures(),
    CountConflict(),
    PartsExceedTotal(),
    ChangeDirection(),
    EventBackReference(),
    EventDates(),
    Modality(),
    RoleConflict(),
)
