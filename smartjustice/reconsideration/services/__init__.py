"""Services of the 行政复议 case: every write goes through here (STYLE §2).

Each service that moves a case runs in one transaction: it re-reads the case with
select_for_update, asks workflow.check whether the move is allowed, sets the fields with
update_fields, opens or closes the deadline rows of smartjustice.deadlines, writes one
audit entry (reconsideration.case.<action>) and one timeline event, and notifies people
through smartjustice.notifications (which sends only after commit). A refused move raises
and leaves the case, its deadlines, its timeline and the audit trail as they were.

One module per concept; the public names are re-exported here, so callers import
`smartjustice.reconsideration.services` and never a submodule:

  filing      drafts, the correction list, the filing period, submission (第二十条–第二十二条)
  acceptance  the acceptance review: correction, refusal, acceptance, deemed acceptance (第三十条–第三十一条)
  respondent  the copy, the reply, files (第四十八条, 第五十四条, 第七十条)
  sessions    hearings and mediation (第五条, 第五十条, 第五十一条, 第七十三条)
  procedure   conversion, suspension, termination, withdrawal, assignment
  decision    extension, decision, service, closing (第六十二条–第七十七条)
  documents   the standard documents, DOCX and PDF with a verification code
"""
from smartjustice.core import clock  # noqa: F401  (tests freeze it through services.clock)

from .. import deadlines as periods  # noqa: F401
from ..errors import GuardFailed  # noqa: F401
from .acceptance import (  # noqa: F401
    SIMPLIFIED_AMOUNT_LIMIT,
    accept_application,
    deem_accepted,
    mark_abandoned,
    refuse_acceptance,
    request_correction,
    simplified_criteria,
    submit_correction,
)
from .common import (  # noqa: F401
    RESPONDENT_KINDS,
    _lock,
    _move,
    current_deadline,
    respondent_officers,
)
from .decision import close_case, decide, extend_decision_period, serve_decision  # noqa: F401
from .documents import issue_document, issue_document_for_event, missing_documents  # noqa: F401
from .filing import (  # noqa: F401
    DRAFT_FIELDS,
    create_draft,
    filing_window_for,
    missing_items,
    save_draft,
    submit_application,
)
from .procedure import assign_handler, convert_to_ordinary, resume, suspend, terminate, withdraw  # noqa: F401
from .respondent import proceed_without_reply, record_reply, send_copy, upload_document  # noqa: F401
from .sessions import (  # noqa: F401
    confirm_agreement,
    draft_agreement,
    earliest_hearing_day,
    end_mediation,
    record_session,
    schedule_session,
    start_hearing,
    start_mediation,
)
