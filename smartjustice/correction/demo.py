"""Demo files for `smartjustice demo` (the lead calls create_demo_subjects()).

Built through the real services with the demo organisations and people of
smartjustice/demo/data.py: office 梧桐司法所 "tx-wutong", officer "demo-correction", subject
login "demo-subject", county supervisor "demo-supervisor". The other Tongxiang offices get a
few files too, so the cockpit's map and charts show a county; they are registered by one demo
officer per office, who has no password (no login). Idempotent: each demo file has a fixed ID
number (valid check digit, belongs to nobody); a file that exists is left as it is.
"""
import datetime as dt
import uuid

from django.db import transaction

from smartjustice.accounts import crypto
from smartjustice.accounts.identity import resident_id_check_char
from smartjustice.accounts.models import User
from smartjustice.core import clock
from smartjustice.orgs.choices import Role
from smartjustice.orgs.models import Membership, Organisation

from . import services
from .choices import GeofenceKind
from .models import Geofence, Subject

# Roughly the county of 桐乡市 and one restricted zone (demo geometry, not survey data).
TONGXIANG = [[30.52, 120.37], [30.52, 120.68], [30.78, 120.68], [30.78, 120.37]]


def _id(body17: str) -> str:
    return body17 + resident_id_check_char(body17)


def _files(today: dt.date) -> list[dict]:
    base = {"residence_address": "桐乡市梧桐街道", "decision_organ": "桐乡市人民法院", "decision_organ_kind": "court",
            "crime_type": "危险驾驶罪", "principal_penalty": "fixed_term", "sentence_months": 6}
    return [
        {**base, "login": "demo-subject", "real_name": "矫正对象 韩某", "id_number": _id("33048319880512031"),
         "subject_type": "temporary_outside", "decision_document_number": "（演示）桐法暂字第1号",
         "effective_on": today - dt.timedelta(days=30), "sentence_expires_on": today + dt.timedelta(days=300),
         "crime_type": "交通肇事罪"},
        {**base, "real_name": "矫正对象 沈某", "id_number": _id("33048319910203041"), "subject_type": "probation",
         "decision_document_number": "（演示）浙0483刑初101号", "effective_on": today - dt.timedelta(days=60),
         "probation_months": 12},
        {**base, "real_name": "矫正对象 陆某", "id_number": _id("33048319750918051"), "subject_type": "parole",
         "decision_document_number": "（演示）浙04刑更201号", "parole_on": today - dt.timedelta(days=90),
         "sentence_expires_on": today + dt.timedelta(days=25), "crime_type": "盗窃罪"},
        {**base, "real_name": "矫正对象 钱某", "id_number": _id("33048319820707062"), "subject_type": "control",
         "decision_document_number": "（演示）浙0483刑初102号", "effective_on": today - dt.timedelta(days=20),
         "sentence_months": 6, "crime_type": "寻衅滋事罪"},
    ]


# Files at the other offices: (office code, name, ID number body, type, crime, level, extra fields).
OFFICE_FILES = [
    ("tx-fengming", "矫正对象 朱某", "33048319930415071", "probation", "盗窃罪", "strict", {"probation_months": 12}),
    ("tx-fengming", "矫正对象 秦某", "33048319860822081", "parole", "诈骗罪", "ordinary", {}),
    ("tx-wuzhen", "矫正对象 尤某", "33048319790101091", "probation", "危险驾驶罪", "lenient", {"probation_months": 12}),
    ("tx-wuzhen", "矫正对象 许某", "33048320000309101", "probation", "帮助信息网络犯罪活动罪", "ordinary",
     {"probation_months": 18}),
    ("tx-chongfu", "矫正对象 何某", "33048319680611111", "control", "寻衅滋事罪", "ordinary",
     {"principal_penalty": "control", "sentence_months": 8}),
    ("tx-puyuan", "矫正对象 吕某", "33048319950727121", "probation", "故意伤害罪", "strict", {"probation_months": 24}),
    ("tx-puyuan", "矫正对象 施某", "33048319830114131", "parole", "盗窃罪", "ordinary", {}),
]


def _office_files(today: dt.date) -> list[tuple[str, dict]]:
    base = {"residence_address": "桐乡市", "decision_organ": "桐乡市人民法院", "decision_organ_kind": "court",
            "principal_penalty": "fixed_term", "sentence_months": 10, "effective_on": today - dt.timedelta(days=40),
            "decision_document_number": "（演示）浙0483刑初2xx号"}
    files = []
    for n, (office, name, body, kind, crime, level, extra) in enumerate(OFFICE_FILES):
        spec = {**base, "real_name": name, "id_number": _id(body), "subject_type": kind, "crime_type": crime,
                "classification": level, "decision_document_number": f"（演示）浙0483刑初{201 + n}号", **extra}
        if kind == "parole":
            spec.update(parole_on=today - dt.timedelta(days=100), sentence_expires_on=today + dt.timedelta(days=200),
                        decision_organ="浙江省嘉兴市中级人民法院", decision_document_number=f"（演示）浙04刑更{301 + n}号")
        files.append((office, spec))
    return files


def _office_officer(office: Organisation) -> User:
    """The demo officer who keeps the office's files (no password: not a login)."""
    user = User.objects.filter(username=f"demo-correction-{office.code}").first()
    if user is None:
        user = User(username=f"demo-correction-{office.code}", real_name=f"矫正社工（{office.name}，演示）")
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, org=office, role=Role.CORRECTION_OFFICER)
    return user


DEMO_COURSE_TEXT = (
    "社区矫正对象应当遵守法律、行政法规，履行判决、裁定、暂予监外执行决定等法律文书确定的义务，"
    "遵守国务院司法行政部门关于报告、会客、外出、迁居、保外就医等监督管理规定，服从社区矫正机构的管理"
    "（《社区矫正法》第二十三条）。\n\n"
    "离开所居住的市、县或者迁居，应当报经社区矫正机构批准（第二十七条第一款）。\n\n"
    "社区矫正对象可以按照国家有关规定申请社会救助、参加社会保险、获得法律援助，社区矫正机构应当给予必要的协助（第四十三条）。"
)


def _demo_courses() -> None:
    """One text course of the demo (content: the subject's duties in the words of the law)."""
    from .models import Course

    Course.objects.get_or_create(code="demo-duties", defaults={
        "title": "社区矫正对象的义务和权利（演示）", "kind": "text", "body": DEMO_COURSE_TEXT, "duration_seconds": 300})


def create_demo_subjects() -> list[Subject]:
    """Create the demo county fence and files once; later calls return the existing files."""
    office = Organisation.objects.filter(code="tx-wutong").first()
    county = Organisation.objects.filter(code="tx-sfj").first()
    officer = User.objects.filter(username="demo-correction").first()
    admin = User.objects.filter(username="demo-admin").first()
    if office is None or officer is None:
        return []
    today = clock.today()
    created = []
    with transaction.atomic():
        _demo_courses()
        if county and admin and not Geofence.objects.filter(county=county, kind=GeofenceKind.COUNTY).exists():
            services.define_zone(kind=GeofenceKind.COUNTY, name="桐乡市", county=county, acting_user=admin, polygon=TONGXIANG)
        for spec in _files(today):
            spec = dict(spec)
            login = spec.pop("login", None)
            existing = Subject.objects.filter(id_number_hash=crypto.keyed_hash(spec["id_number"])).first()
            if existing:
                created.append(existing)
                continue
            user = User.objects.filter(username=login).first() if login else None
            if user is not None and Subject.objects.filter(user=user).exists():
                user = None
            subject = services.register_subject(spec, org=office, acting_user=officer, user=user)
            if subject.status == "awaiting_report":
                subject = services.record_report_in(subject, acting_user=officer)
            if subject.subject_type == "probation":
                services.impose_measure(subject, "admonition", facts="（演示）未按规定时间电话报告。", acting_user=officer)
            if user is not None:
                services.submit_location_report(subject, acting_user=user, latitude=30.63, longitude=120.56,
                                                client_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo-{subject.pk}")))
            created.append(subject)
        created += _other_offices(today)
    return created


def _other_offices(today: dt.date) -> list[Subject]:
    offices = {org.code: org for org in Organisation.objects.filter(code__in={row[0] for row in OFFICE_FILES})}
    files = []
    for code, spec in _office_files(today):
        if code not in offices:
            continue
        existing = Subject.objects.filter(id_number_hash=crypto.keyed_hash(spec["id_number"])).first()
        if existing:
            files.append(existing)
            continue
        officer = _office_officer(offices[code])
        subject = services.register_subject(spec, org=offices[code], acting_user=officer)
        if subject.status == "awaiting_report":
            subject = services.record_report_in(subject, acting_user=officer)
        files.append(subject)
    return files
