"""Models of community correction (社区矫正): files, policy tables, supervision, summaries."""
from .policy import ClassificationLevel, PolicySetting
from .programme import (
    Assessment,
    AssistanceRequest,
    Course,
    FieldVisit,
    LeaveCheckIn,
    Questionnaire,
    ResidenceChange,
    SpotCheck,
    StudySession,
    WelfareActivity,
)
from .subjects import (
    ClassificationChange,
    CorrectionPlan,
    GroupMember,
    Measure,
    ProhibitionOrder,
    Subject,
    SubjectContact,
    TerminationReminder,
)
from .summary import DailyMetric
from .supervision import (
    ActivityReport,
    Alert,
    CheckIn,
    Geofence,
    IdentityCheck,
    LeaveApplication,
    LocationReport,
    Objection,
    PositioningOrder,
)
from .transfers import ExecutionPlaceChange

__all__ = [
    "ActivityReport", "Alert", "CheckIn", "ClassificationChange", "ClassificationLevel", "CorrectionPlan", "DailyMetric",
    "Geofence", "GroupMember", "IdentityCheck", "LeaveApplication", "LocationReport", "Measure",
    "Objection", "PolicySetting", "PositioningOrder", "ProhibitionOrder", "Subject", "SubjectContact",
    "TerminationReminder", "Assessment", "AssistanceRequest", "Course", "FieldVisit", "LeaveCheckIn", "Questionnaire",
    "ResidenceChange", "SpotCheck", "StudySession", "WelfareActivity", "ExecutionPlaceChange",
]
