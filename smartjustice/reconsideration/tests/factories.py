"""Building cases through the real services (STYLE §7)."""
import datetime as dt
import uuid

from smartjustice.reconsideration import services
from smartjustice.reconsideration.choices import ActType

COMPLETE = {
    "act_type": ActType.PENALTY,
    "act_document_number": "桐市监罚〔2026〕15号",
    "act_description": "罚款200元",
    "act_made_on": dt.date(2026, 1, 20),
    "act_known_on": dt.date(2026, 1, 22),
    "remedy_notice_given": True,
    "amount_involved": "200",
    "requests": "撤销该行政处罚决定",
    "facts_and_reasons": "本人当日并未违规停车，有行车记录为证。",
}


def complete_draft(orgs, applicant, **overrides):
    data = {**COMPLETE, **overrides}
    return services.create_draft(acting_user=applicant, org=orgs["body"], respondent=orgs["respondent"],
                                 token=uuid.uuid4(), data=data,
                                 applicants=[{"name": applicant.real_name, "phone": applicant.mobile}])
