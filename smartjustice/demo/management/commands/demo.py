"""`smartjustice demo`: create (or bring up to date) the Tongxiang demo set-up.

Idempotent: organisations are keyed by code and people by username, so a rerun adds
what is missing and duplicates nothing. Refuses to run in production.
"""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from smartjustice.accounts.identity import resident_id_check_char, uscc_check_char
from smartjustice.accounts.models import EnterpriseProfile, User
from smartjustice.accounts.services import register_citizen, register_enterprise
from smartjustice.orgs.models import Membership, Organisation

from ...data import (
    CITIZEN,
    COORDINATES,
    DEMO_LAWYER,
    DEMO_PASSWORD,
    ENTERPRISE,
    ORGANISATIONS,
    PEOPLE,
)


class Command(BaseCommand):
    help = "Create the Tongxiang demo organisations and one login per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")

    def handle(self, *args, quiet_logins=False, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("demo data is for development and demonstrations, not production")
        with transaction.atomic():
            orgs, created_orgs = self._organisations()
            created_people = self._people(orgs)
        self._holidays()
        self._figures()
        self._reconsideration_cases()
        self._correction_subjects()
        self._lawyer_roster(orgs)
        self.stdout.write(f"demo: {created_orgs} organisation(s) and {created_people} login(s) created; "
                          f"{len(orgs)} organisations in the demo")
        if not quiet_logins:
            self._print_logins()

    def _organisations(self):
        orgs, created = {}, 0
        for code, name, name_en, kind, level, parent_code in ORGANISATIONS:
            org = Organisation.objects.filter(code=code).first()
            if org is None:
                org = Organisation.objects.create(code=code, name=name, name_en=name_en, kind=kind, level=level,
                                                  parent=orgs.get(parent_code))
                created += 1
            if code in COORDINATES and not org.has_coordinates:
                org.latitude, org.longitude = COORDINATES[code]
                org.save(update_fields=["latitude", "longitude"])
            orgs[code] = org
        return orgs, created

    def _people(self, orgs):
        created = 0
        for username, real_name, role, org_code, _about in PEOPLE:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, real_name=real_name,
                            is_staff=username == "demo-admin", is_superuser=username == "demo-admin")
                user.set_password(DEMO_PASSWORD)
                user.save()
                created += 1
            Membership.objects.get_or_create(user=user, org=orgs[org_code], role=role)
        if not User.objects.filter(username=CITIZEN["mobile"]).exists():
            id_number = CITIZEN["id_body"] + resident_id_check_char(CITIZEN["id_body"])
            citizen = register_citizen(real_name=CITIZEN["real_name"], mobile=CITIZEN["mobile"],
                                       id_number=id_number, password=DEMO_PASSWORD, home_org=orgs[CITIZEN["home"]])
            citizen.elderly_mode = CITIZEN["elderly_mode"]
            citizen.save(update_fields=["elderly_mode"])
            created += 1
        credit_code = ENTERPRISE["credit_body"] + uscc_check_char(ENTERPRISE["credit_body"])
        if not EnterpriseProfile.objects.filter(credit_code=credit_code).exists():
            register_enterprise(enterprise_name=ENTERPRISE["name"], credit_code=credit_code,
                                contact_name=ENTERPRISE["contact"], mobile=ENTERPRISE["mobile"],
                                password=DEMO_PASSWORD, home_org=orgs[ENTERPRISE["home"]])
            created += 1
        return created

    def _holidays(self):
        """Load the official holiday arrangements if the shared data is beside the checkout."""
        path = settings.SHARED_DIR / "domain" / "holidays_cn.json"
        if not path.exists():
            self.stdout.write(self.style.WARNING(f"no holiday data at {path}; deadlines need `smartjustice holidays import PATH`"))
            return
        call_command("holidays", "import", str(path), stdout=self.stdout)

    def _figures(self):
        """Official statistics for the compensation calculators (never the unreliable ones)."""
        path = settings.SHARED_DIR / "domain" / "stats.json"
        if not path.exists():
            self.stdout.write(self.style.WARNING(f"no statistics at {path}; calculators need figures in their input"))
            return
        call_command("calc", "load-figures", str(path), stdout=self.stdout)

    def _reconsideration_cases(self):
        """One reconsideration case in every state, so each page can be seen with data."""
        from smartjustice.reconsideration.demo import create_demo_cases

        counts = create_demo_cases()
        self.stdout.write(f"reconsideration: {counts['created']} demo case(s) created, {counts['existing']} already there")

    def _correction_subjects(self):
        """Community-correction files, including the demo subject's own."""
        from smartjustice.correction.demo import create_demo_subjects

        subjects = create_demo_subjects()
        self.stdout.write(f"correction: {len(subjects)} demo file(s)")

    def _lawyer_roster(self, orgs):
        """The demo lawyer on the consultation roster, with call times offered over the next
        days (a rerun adds times only when none lies ahead)."""
        import datetime as dt

        from smartjustice.core import clock
        from smartjustice.legalservice.consult import roster, services
        from smartjustice.legalservice.consult.models import LawyerProfile

        lawyer = User.objects.get(username="demo-lawyer")
        profile = LawyerProfile.objects.filter(user=lawyer).first()
        if profile is None:
            profile = services.register_lawyer(
                lawyer, org=orgs["tx-lsa"], licence_number=DEMO_LAWYER["licence_number"],
                specialties=DEMO_LAWYER["specialties"], languages=DEMO_LAWYER["languages"],
                acting_user=User.objects.get(username="demo-admin"))
        if not profile.slots.filter(starts_at__gt=clock.now()).exists():
            tomorrow = clock.today() + dt.timedelta(days=1)
            for days, hour in ((0, 9), (0, 14), (1, 10)):
                starts_at = dt.datetime.combine(tomorrow + dt.timedelta(days=days), dt.time(hour), tzinfo=clock.LEGAL_TZ)
                roster.add_slot(profile, acting_user=lawyer, starts_at=starts_at, minutes=30)
        self.stdout.write(f"consultation roster: {LawyerProfile.objects.count()} lawyer(s)")

    def _print_logins(self):
        credit_code = ENTERPRISE["credit_body"] + uscc_check_char(ENTERPRISE["credit_body"])
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for username, real_name, _role, _org, about in PEOPLE:
            self.stdout.write(f"  {username:<22} {real_name:<14} {about}")
        self.stdout.write(f"  {CITIZEN['mobile']:<22} {CITIZEN['real_name']:<14} citizen (elderly mode on)")
        self.stdout.write(f"  {credit_code:<22} {ENTERPRISE['contact']:<14} enterprise account")
