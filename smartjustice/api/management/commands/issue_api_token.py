"""`smartjustice issue_api_token USERNAME`: create or rotate a partner system's API token.

The new key is printed once; the old one, if any, stops working at once. Partner
systems send it as `Authorization: Token <key>`.
"""
from django.core.management.base import BaseCommand, CommandError

from smartjustice.accounts.models import User
from smartjustice.api.services import issue_api_token
from smartjustice.core.errors import DomainError


class Command(BaseCommand):
    help = "Create or rotate the API token of USERNAME (audited) and print the new key."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="", help="Why the token is issued (kept in the audit trail).")

    def handle(self, *args, username, reason, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with username {username!r}.")
        try:
            key = issue_api_token(user, acting_user=None,
                                  reason=reason or "issued with the issue_api_token command")
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(key)
