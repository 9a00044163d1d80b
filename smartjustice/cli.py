"""The `smartjustice` console script: Django's management commands with our settings preset."""
import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "smartjustice"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
