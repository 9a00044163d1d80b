"""`smartjustice statutes import|build-index|search` (issue #3).

  import PATH [--no-index]
      imports a law folder in the layout of shared/laws; prints the counts as one JSON line.
      All or nothing; a missing or malformed folder exits with 2 and changes nothing.
  build-index [--if-stale]
      builds the search index (tasks.build_index) now, in this process; with --if-stale only
      when the index file is missing or was built from another state of the library.
  search QUERY | --batch QUERIES.jsonl [--top N]
      ranks articles for a question. With --batch, reads lines {"id", "query"} and writes
      lines {"id", "results": ["<law full title>第X条", ...]} best first.
"""
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from smartjustice.core.errors import DomainError

from ... import services


class Command(BaseCommand):
    # A data command: it needs the database, not a clean bill of health for every app.
    requires_system_checks: list = []
    help = _("Import the law corpus, build its search index and search it.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True,
                                        metavar="{import,build-index,search}")
        importer = actions.add_parser("import", help=_("Import a law folder (the layout of shared/laws)."))
        importer.add_argument("path", metavar="PATH")
        importer.add_argument("--no-index", action="store_true",
                              help=_("Do not rebuild the search index after the import."))
        builder = actions.add_parser("build-index", help=_("Build the search index now."))
        builder.add_argument("--if-stale", action="store_true",
                             help=_("Only when the index is missing or out of date."))
        search = actions.add_parser("search", help=_("Rank articles for questions."))
        search.add_argument("query", nargs="?", default=None, metavar="QUERY")
        search.add_argument("--batch", default=None, metavar="QUERIES.jsonl",
                            help=_('A file of lines {"id": ..., "query": "..."}; "-" reads standard input.'))
        search.add_argument("--top", type=int, default=10, metavar="N")
        search.add_argument("--output", default=None, metavar="RANKING.jsonl",
                            help=_("Write the results here instead of standard output."))

    def handle(self, *args, action, **options):
        try:
            if action == "import":
                report = services.import_corpus(options["path"], rebuild_index=not options["no_index"])
                self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            elif action == "build-index":
                self._build_index(if_stale=options["if_stale"])
            elif action == "search":
                self._search(options)
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from None

    def _build_index(self, *, if_stale: bool):
        from django.conf import settings

        from ...search.index import library_fingerprint, load_engine
        from ...tasks import build_index

        if if_stale:
            engine = load_engine(settings.STATUTES_INDEX_PATH)
            if engine is not None and engine.fingerprint == library_fingerprint():
                self.stdout.write(json.dumps({"index": "up to date", "path": str(settings.STATUTES_INDEX_PATH)}))
                return
        self.stdout.write(json.dumps(build_index(), ensure_ascii=False))

    def _search(self, options):
        from ...search import batch

        if options["top"] < 1 or options["top"] > 1000:
            raise CommandError(_("--top must be between 1 and 1000."), returncode=2)
        out = open(options["output"], "w", encoding="utf-8") if options["output"] else self.stdout
        try:
            if options["batch"]:
                source = sys.stdin if options["batch"] == "-" else options["batch"]
                stats = batch.run_batch(source, out, top=options["top"])
                self.stderr.write(json.dumps(stats, ensure_ascii=False))
            elif options["query"]:
                for line in batch.run_single(options["query"], top=options["top"]):
                    out.write(line + "\n")
            else:
                raise CommandError(_("Give a QUERY or --batch QUERIES.jsonl."), returncode=2)
        finally:
            if options["output"]:
                out.close()
