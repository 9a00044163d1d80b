"""Services of community correction (STYLE §2): each one that changes state is atomic, checks
permission through orgs.permissions.can, writes an audit entry in the same transaction and
queues side effects with transaction.on_commit. Split by concept:

- files: intake, report-in, contacts, group, plan, classification, prohibition orders,
  release and termination, termination reminders
- measures: the rewards and sanctions ladder (《社区矫正法》第二十八条)
- policy: editing the local policy tables
- supervision: location reports, check-ins, identity checks, leave, positioning orders,
  alerts and their triage, objections, geofences
"""
from .files import *  # noqa: F401,F403
from .geofences import define_zone  # noqa: F401
from .measures import *  # noqa: F401,F403
from .policy import *  # noqa: F401,F403
from .supervision import *  # noqa: F401,F403
