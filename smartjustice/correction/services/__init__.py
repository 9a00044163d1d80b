"""Services of community correction (STYLE §2): each one that changes state is atomic, checks
permission through orgs.permissions.can, writes an audit entry in the same transaction and
queues side effects with transaction.on_commit. Split by concept:

- files: intake, report-in, contacts, group, plan, classification, prohibition orders,
  release and termination, termination reminders
- measures: the rewards and sanctions ladder (《社区矫正法》第二十八条)
- policy: editing the local policy tables
- learning: courses, honest study time, public-welfare activity, monthly totals
- assessments: questionnaires scored into a suggested classification an officer confirms
- requests: assistance, change of residence, destination check-ins, return report, lost contact
- transfers: change of execution place to another county (《社区矫正法》第二十七条第二款)
- oversight: video spot checks and field visits
- compliance: the daily check-in compliance counters of the cockpit
- supervision: location reports, check-ins, identity checks, leave, positioning orders,
  alerts and their triage, objections, geofences
"""
from .assessments import *  # noqa: F401,F403,E402
from .compliance import *  # noqa: F401,F403,E402
from .files import *  # noqa: F401,F403
from .geofences import define_zone  # noqa: F401
from .learning import *  # noqa: F401,F403,E402
from .measures import *  # noqa: F401,F403
from .oversight import *  # noqa: F401,F403,E402
from .policy import *  # noqa: F401,F403
from .requests import *  # noqa: F401,F403,E402
from .supervision import *  # noqa: F401,F403
from .transfers import *  # noqa: F401,F403,E402
